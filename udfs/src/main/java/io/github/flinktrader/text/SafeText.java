package io.github.flinktrader.text;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Text that every sink can store. PostgreSQL's {@code text} holds no NUL character and only valid
 * UTF-8, and a row it refuses can never be written: a sink that retries it fails its task for good.
 * So text from outside is made storable before it reaches a sink, and a payload that is not clean
 * text is kept whole as base64 rather than altered.
 */
public final class SafeText {

  /** The prefix of a payload kept as base64 because it was binary or not clean UTF-8 text. */
  public static final String BASE64_PREFIX = "base64:";

  /** What stands in for a character no sink can store. */
  static final char REPLACEMENT = '\uFFFD';

  private SafeText() {}

  /**
   * {@code s} with every NUL and other control character except tab, line feed and carriage return,
   * and every unpaired surrogate, replaced by U+FFFD; {@code s} itself when it is already clean
   * (the usual case costs one scan and no copy).
   */
  public static String clean(String s) {
    if (s == null || isClean(s)) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        out.append(c).append(s.charAt(++i));
      } else if (forbidden(c) || Character.isSurrogate(c)) {
        out.append(REPLACEMENT);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** True when {@code s} has no character that {@link #clean} would replace. */
  public static boolean isClean(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
          continue;
        }
        return false;
      }
      if (forbidden(c) || Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /** {@code s} cut to at most {@code max} characters, never inside a surrogate pair. */
  public static String truncate(String s, int max) {
    if (s == null || s.length() <= max) {
      return s;
    }
    int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
    return s.substring(0, end);
  }

  /**
   * A payload as storable text: the text itself when it is valid UTF-8 without control characters
   * (JSON as it was sent), otherwise {@code base64:} and the bytes, so nothing of it is lost or
   * changed.
   */
  public static String payload(byte[] bytes) {
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      if (isClean(text)) {
        return text;
      }
    } catch (CharacterCodingException e) {
      // Not UTF-8: kept as base64 below.
    }
    return BASE64_PREFIX + Base64.getEncoder().encodeToString(bytes);
  }

  private static boolean forbidden(char c) {
    return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F;
  }
}

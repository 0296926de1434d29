package io.github.flinktrader.text;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;

/**
 * Social-media text made ready for a sentiment model: links, user and subreddit mentions and
 * markdown syntax removed (link texts kept), Reddit's HTML escapes decoded, whitespace collapsed;
 * emoji and punctuation are kept, being signal. Long texts are split at sentence boundaries into
 * pieces that fit the model's input length.
 */
public final class PostText {

  /** At most this many pieces of one post are scored; the rest of a very long post is not. */
  public static final int MAX_PIECES = 16;

  private static final Pattern MARKDOWN_LINK = Pattern.compile("!?\\[([^\\]]*)]\\([^)]*\\)");
  private static final Pattern URL = Pattern.compile("(?i)\\b(?:https?://|www\\.)\\S+");
  private static final Pattern MENTION =
      Pattern.compile("(?i)(?<![\\w/])(?:/?u/[\\w-]+|/?r/\\w+|@\\w+)");
  private static final Pattern HEADING_OR_QUOTE =
      Pattern.compile("(?m)^\\s*(?:#{1,6}\\s+|(?:&gt;|>)+\\s?|[*+-]\\s+)");
  private static final Pattern EMPHASIS = Pattern.compile("\\*{1,3}|_{2,3}|~~|`{1,3}|\\^");
  private static final Pattern ZERO_WIDTH = Pattern.compile("&#x200[bB];|[\\u200B\\u200C\\uFEFF]");
  private static final Pattern SPACE = Pattern.compile("\\s+");
  private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+|\\n+");

  private PostText() {}

  /** Title and body as one cleaned text; the title ends as a sentence of its own. */
  public static String clean(String title, String body) {
    String t = clean(title);
    String b = clean(body);
    if (t.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return t;
    }
    char last = t.charAt(t.length() - 1);
    return t + (last == '.' || last == '!' || last == '?' ? " " : ". ") + b;
  }

  public static String clean(String text) {
    if (text == null) {
      return "";
    }
    String s = ZERO_WIDTH.matcher(text).replaceAll("");
    s = MARKDOWN_LINK.matcher(s).replaceAll("$1");
    s = URL.matcher(s).replaceAll(" ");
    s = HEADING_OR_QUOTE.matcher(s).replaceAll("");
    s = s.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"");
    s = MENTION.matcher(s).replaceAll(" ");
    s = EMPHASIS.matcher(s).replaceAll("");
    // Sentence breaks first (newlines count as ends), then all whitespace as single spaces.
    return SPACE.matcher(s).replaceAll(" ").strip();
  }

  /**
   * Pieces of at most {@code maxTokens} (as {@code tokens} counts them), cut between sentences; a
   * sentence longer than that is cut between words. At most {@link #MAX_PIECES} pieces.
   */
  public static List<String> pieces(String text, int maxTokens, ToIntFunction<String> tokens) {
    List<String> out = new ArrayList<>();
    if (text.isBlank()) {
      return out;
    }
    if (tokens.applyAsInt(text) <= maxTokens) {
      out.add(text);
      return out;
    }
    StringBuilder piece = new StringBuilder();
    for (String sentence : SENTENCE_END.split(text)) {
      for (String part : fit(sentence.strip(), maxTokens, tokens)) {
        String joined = piece.isEmpty() ? part : piece + " " + part;
        if (!piece.isEmpty() && tokens.applyAsInt(joined) > maxTokens) {
          out.add(piece.toString());
          if (out.size() == MAX_PIECES) {
            return out;
          }
          piece.setLength(0);
          piece.append(part);
        } else {
          piece.setLength(0);
          piece.append(joined);
        }
      }
    }
    if (!piece.isEmpty() && out.size() < MAX_PIECES) {
      out.add(piece.toString());
    }
    return out;
  }

  /** A sentence as it is, or cut between words into pieces that fit. */
  private static List<String> fit(String sentence, int maxTokens, ToIntFunction<String> tokens) {
    if (sentence.isEmpty() || tokens.applyAsInt(sentence) <= maxTokens) {
      return sentence.isEmpty() ? List.of() : List.of(sentence);
    }
    List<String> parts = new ArrayList<>();
    StringBuilder part = new StringBuilder();
    for (String word : sentence.split(" ")) {
      String joined = part.isEmpty() ? word : part + " " + word;
      if (!part.isEmpty() && tokens.applyAsInt(joined) > maxTokens) {
        parts.add(part.toString());
        part.setLength(0);
        part.append(word);
      } else {
        part.setLength(0);
        part.append(joined);
      }
    }
    if (!part.isEmpty()) {
      parts.add(part.toString());
    }
    return parts;
  }
}

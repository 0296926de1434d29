package io.github.flinktrader.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SafeTextTest {

  @Test
  void cleanTextIsReturnedAsItIs() {
    String s = "BTC up 5% \uD83D\uDE80\ttab\nline\r\n";
    assertThat(SafeText.isClean(s)).isTrue();
    assertThat(SafeText.clean(s)).isSameAs(s);
  }

  @Test
  void replacesNulControlsAndLoneSurrogates() {
    assertThat(SafeText.clean("a\u0000b\u0007c\u007Fd\u001b"))
        .isEqualTo("a\uFFFDb\uFFFDc\uFFFDd\uFFFD");
    assertThat(SafeText.clean("x\uD800y")).isEqualTo("x\uFFFDy");
    assertThat(SafeText.clean("x\uDC00")).isEqualTo("x\uFFFD");
    assertThat(SafeText.clean("\uD83D")).isEqualTo("\uFFFD");
    assertThat(SafeText.clean(null)).isNull();
  }

  @Test
  void payloadsAreTextWhenCleanAndBase64Otherwise() {
    assertThat(SafeText.payload("{\"a\":1}".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("{\"a\":1}");
    byte[] nul = {'{', 0, '}'};
    byte[] latin1 = {'{', (byte) 0xE9, '}'};
    byte[] overlong = {(byte) 0xC0, (byte) 0x80};
    for (byte[] b : new byte[][] {nul, latin1, overlong}) {
      assertThat(SafeText.payload(b))
          .isEqualTo(SafeText.BASE64_PREFIX + Base64.getEncoder().encodeToString(b));
    }
  }

  @Test
  void truncatesWithoutSplittingASurrogatePair() {
    String rocket = "ab\uD83D\uDE80";
    assertThat(SafeText.truncate(rocket, 3)).isEqualTo("ab");
    assertThat(SafeText.truncate(rocket, 4)).isEqualTo(rocket);
    assertThat(SafeText.truncate("abc", 2)).isEqualTo("ab");
  }
}

package io.github.flinktrader.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PostTextTest {

  @Test
  void linksMentionsAndMarkdownGoEmojiAndPunctuationStay() {
    assertThat(
            PostText.clean(
                "## $TSLA to the moon 🚀🚀",
                "> quoted\n**Huge** beat, see [the filing](https://sec.gov/x) and https://t.co/abc"
                    + " thanks u/someone @trader in r/stocks &amp; more&#x200B;!"))
        .isEqualTo(
            "$TSLA to the moon 🚀🚀. quoted Huge beat, see the filing and thanks in & more!");
    assertThat(PostText.clean("Up 5%?", "")).isEqualTo("Up 5%?");
    assertThat(PostText.clean(null, "  ")).isEmpty();
    assertThat(PostText.clean("Title!", "body")).isEqualTo("Title! body");
  }

  @Test
  void longTextIsCutBetweenSentencesAndOverlongSentencesBetweenWords() {
    // one token per word
    java.util.function.ToIntFunction<String> words = s -> s.isBlank() ? 0 : s.split(" ").length;
    assertThat(PostText.pieces("a b c.", 5, words)).containsExactly("a b c.");
    assertThat(PostText.pieces("a b c. d e f. g h.", 5, words))
        .containsExactly("a b c.", "d e f. g h.");
    assertThat(PostText.pieces("a b c d e f g h i j k l", 5, words))
        .containsExactly("a b c d e", "f g h i j", "k l");
    assertThat(PostText.pieces("", 5, words)).isEmpty();
    List<String> many = PostText.pieces("a b c d e. ".repeat(100), 5, words);
    assertThat(many).hasSize(PostText.MAX_PIECES);
  }
}

package io.github.flinktrader.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The dead-letter reasons in {@code docs/dead-letters.md} are the ones the code emits: every reason
 * code written where a dead letter is made (a refusal, a dead letter built, a dead-letter counter)
 * is in the table.
 */
class DeadLetterReasonsTest {

  /** Where a reason code is the first kebab-case literal of the call. */
  private static final Pattern MAKES_A_DEAD_LETTER =
      Pattern.compile(
          "(refuse\\(|refused\\(|deadLetter\\(|new DeadLetter\\(|new Rejected\\("
              + "|LateToDeadLetter<[^>]*>\\(|NewestPerKey<[^>]*>\\(|\\.inc\\(|counter\\()");

  private static final Pattern CODE = Pattern.compile("\"([a-z]+(?:-[a-z0-9]+)+)\"");

  @Test
  void everyReasonTheCodeEmitsIsDocumented() throws Exception {
    Path root = Path.of("..");
    String docs = Files.readString(root.resolve("docs/dead-letters.md"));
    Set<String> emitted = new TreeSet<>();
    List<Path> sources = new ArrayList<>();
    for (String module : List.of("udfs", "jobs", "local")) {
      try (Stream<Path> files = Files.walk(root.resolve(module))) {
        files
            .filter(p -> p.toString().endsWith(".java"))
            .filter(p -> p.toString().contains("/src/main/"))
            .forEach(sources::add);
      }
    }
    for (Path p : sources) {
      String s = Files.readString(p);
      Matcher m = MAKES_A_DEAD_LETTER.matcher(s);
      while (m.find()) {
        int end = s.indexOf(';', m.end());
        Matcher code = CODE.matcher(s.substring(m.end(), end < 0 ? s.length() : end));
        if (code.find()) {
          emitted.add(code.group(1));
        }
      }
    }
    // The scan finds what it must: the reasons of the parsers, ingest, features and execution.
    assertThat(emitted)
        .contains(
            "malformed-json",
            "future-timestamp",
            "price-band",
            "late-bar",
            "stale-features",
            "implausible-forecast",
            "unknown-symbol",
            "broker-only-command",
            "not-broker-feedback",
            "unwritable-row");
    List<String> undocumented =
        emitted.stream().filter(c -> !docs.contains("`" + c + "`")).toList();
    assertThat(undocumented).as("reasons missing from docs/dead-letters.md").isEmpty();
  }
}

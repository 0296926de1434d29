package io.github.flinktrader.inference.sentiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A sentiment lexicon: AFINN-165 adjusted for financial market news (words and phrases scored -5 to
 * +5) plus the Emoji Sentiment Ranking (each emoji's positive minus negative share of its
 * occurrences, scaled to the same range). A term up to three words after a negation ("not",
 * "don't", "never", ...) counts half, with its sign flipped. Used twice: as the named baseline
 * classifier, and as three extra inputs of the MiniLM model's head where they measurably help.
 */
public final class Lexicon {

  public static final String FILE = "lexicon.tsv";

  private static final Pattern AFINN_ENTRY = Pattern.compile("^\\s*'?([^':]+?)'?:\\s*(-?\\d+),?$");
  private static final Pattern TOKEN =
      Pattern.compile("[\\p{L}\\p{N}']+|\\p{So}|\\p{Cs}{2}|[\\x{1F000}-\\x{1FAFF}]");
  private static final Set<String> NEGATIONS =
      Set.of(
          "not",
          "no",
          "never",
          "none",
          "nothing",
          "nobody",
          "neither",
          "nor",
          "cannot",
          "cant",
          "dont",
          "doesnt",
          "didnt",
          "isnt",
          "wasnt",
          "arent",
          "werent",
          "wont",
          "wouldnt",
          "shouldnt",
          "couldnt",
          "hasnt",
          "havent",
          "hadnt",
          "aint",
          "without",
          "hardly");
  private static final int MAX_PHRASE = 3;

  /** A negation up to this many words before a term flips it (as VADER does). */
  private static final int NEGATION_REACH = 3;

  private final Map<String, Double> scores;

  public Lexicon(Map<String, Double> scores) {
    this.scores = Map.copyOf(scores);
  }

  /** AFINN financial and the emoji ranking, from {@code scripts/text-data.sh}'s files. */
  public static Lexicon fromTextData(Path dir) throws IOException {
    Map<String, Double> scores = new HashMap<>();
    for (String line :
        Files.readAllLines(
            dir.resolve("afinn-165-financialmarketnews.js"), StandardCharsets.UTF_8)) {
      Matcher m = AFINN_ENTRY.matcher(line);
      if (m.matches()) {
        scores.put(normalise(m.group(1)), Double.parseDouble(m.group(2)));
      }
    }
    if (scores.size() < 3000) {
      throw new IOException("AFINN financial lexicon incomplete: " + scores.size() + " terms");
    }
    List<String> emoji = Files.readAllLines(dir.resolve("emoji-sentiment.csv"));
    for (String line : emoji.subList(1, emoji.size())) {
      String[] f = line.split(",");
      double n = Double.parseDouble(f[2]);
      if (n >= 10) { // rarer emoji have no reliable score
        scores.put(f[0], 5 * (Double.parseDouble(f[6]) - Double.parseDouble(f[4])) / n);
      }
    }
    return new Lexicon(scores);
  }

  public static Lexicon read(Path file) {
    try {
      Map<String, Double> scores = new HashMap<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        int tab = line.lastIndexOf('\t');
        if (tab > 0) {
          scores.put(line.substring(0, tab), Double.parseDouble(line.substring(tab + 1)));
        }
      }
      return new Lexicon(scores);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void write(Path file) throws IOException {
    List<String> lines = new ArrayList<>();
    scores.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> lines.add(e.getKey() + "\t" + e.getValue()));
    Files.write(file, lines, StandardCharsets.UTF_8);
  }

  public int size() {
    return scores.size();
  }

  /** Lower case, apostrophes dropped ("don't" and "dont" are one word). */
  static String normalise(String term) {
    return term.toLowerCase(Locale.ROOT).replace("'", "").replace("’", "");
  }

  /** Sum of term scores, and how many positive and negative terms matched. */
  public record Score(double sum, int positive, int negative) {

    /** Three bounded inputs for a classifier head. */
    public double[] features() {
      return new double[] {
        Math.tanh(sum / 5), Math.tanh(positive / 3.0), Math.tanh(negative / 3.0)
      };
    }
  }

  public Score score(String text) {
    List<String> tokens = new ArrayList<>();
    Matcher m = TOKEN.matcher(text.replace('’', '\''));
    while (m.find()) {
      tokens.add(normalise(m.group()));
    }
    double sum = 0;
    int pos = 0;
    int neg = 0;
    for (int i = 0; i < tokens.size(); ) {
      int matched = 0;
      double s = 0;
      for (int len = Math.min(MAX_PHRASE, tokens.size() - i); len >= 1 && matched == 0; len--) {
        Double v = scores.get(String.join(" ", tokens.subList(i, i + len)));
        if (v != null) {
          matched = len;
          s = v;
        }
      }
      if (matched == 0) {
        i++;
        continue;
      }
      boolean negated = false;
      for (int back = 1; back <= NEGATION_REACH && i - back >= 0; back++) {
        negated |= NEGATIONS.contains(tokens.get(i - back));
      }
      if (negated) {
        s = -0.5 * s;
      }
      sum += s;
      if (s > 0) {
        pos++;
      } else if (s < 0) {
        neg++;
      }
      i += matched;
    }
    return new Score(sum, pos, neg);
  }
}

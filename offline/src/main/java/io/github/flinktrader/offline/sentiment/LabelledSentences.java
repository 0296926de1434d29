package io.github.flinktrader.offline.sentiment;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.flinktrader.serde.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The UCI "Sentiment Labelled Sentences" (Kotzias et al. 2015): 3 x 1,000 product, film and
 * restaurant review sentences labelled positive or negative, as shipped in npm {@code
 * sentiment@5.0.2}. Entries without text or label (one per file) are skipped and counted.
 */
public final class LabelledSentences {

  public static final String[] SOURCES = {"amazon", "imdb", "yelp"};

  /** One sentence and its label. */
  public record Sentence(String text, boolean positive, String source) {}

  /** The sentences, and how many entries were unusable. */
  public record Loaded(List<Sentence> sentences, int skipped) {}

  /** Train, validation and test parts, disjoint. */
  public record Split(List<Sentence> train, List<Sentence> validation, List<Sentence> test) {}

  private LabelledSentences() {}

  public static Loaded load(Path textData) throws IOException {
    List<Sentence> out = new ArrayList<>();
    int skipped = 0;
    for (String source : SOURCES) {
      JsonNode all =
          Json.mapper().readTree(textData.resolve("sentences").resolve(source + ".json").toFile());
      for (JsonNode n : all) {
        JsonNode text = n.get("text");
        JsonNode label = n.get("class");
        if (text == null
            || !text.isTextual()
            || text.asText().isBlank()
            || label == null
            || !label.isInt()
            || (label.asInt() != 0 && label.asInt() != 1)) {
          skipped++;
          continue;
        }
        out.add(new Sentence(text.asText(), label.asInt() == 1, source));
      }
    }
    return new Loaded(out, skipped);
  }

  /**
   * A seeded shuffle cut into train, validation and test shares; each part keeps the three sources
   * and both labels in about their overall proportions.
   */
  public static Split split(
      List<Sentence> all, double trainShare, double validationShare, long seed) {
    List<Sentence> train = new ArrayList<>();
    List<Sentence> validation = new ArrayList<>();
    List<Sentence> test = new ArrayList<>();
    for (String source : SOURCES) {
      for (boolean positive : new boolean[] {false, true}) {
        List<Sentence> stratum = new ArrayList<>();
        for (Sentence s : all) {
          if (s.source().equals(source) && s.positive() == positive) {
            stratum.add(s);
          }
        }
        Collections.shuffle(stratum, new Random(seed));
        int nTrain = (int) Math.round(stratum.size() * trainShare);
        int nVal = (int) Math.round(stratum.size() * validationShare);
        train.addAll(stratum.subList(0, nTrain));
        validation.addAll(stratum.subList(nTrain, nTrain + nVal));
        test.addAll(stratum.subList(nTrain + nVal, stratum.size()));
      }
    }
    return new Split(train, validation, test);
  }
}

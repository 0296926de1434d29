package io.github.flinktrader.inference.sentiment;

import io.github.flinktrader.inference.BatchModel;
import io.github.flinktrader.records.SentimentLabel;
import io.github.flinktrader.records.SocialPost;
import io.github.flinktrader.text.PostText;
import java.util.ArrayList;
import java.util.List;

/**
 * A sentiment classifier as the async inference operator serves it: posts in, one {@link
 * Classification} per post out. A post is cleaned ({@link PostText}), split at sentence boundaries
 * into pieces that fit the model's input length, the pieces of a whole micro-batch are classified
 * in one call, and a post's class probabilities are the token-weighted mean of its pieces'.
 */
public interface SentimentModel extends BatchModel<SocialPost, Classification> {

  /** Creates the model on a device; serialisable for the operator. */
  interface Factory extends BatchModel.Factory<SocialPost, Classification> {
    @Override
    SentimentModel create(String device) throws Exception;
  }

  /** Class probabilities {@code [negative, neutral, positive]} per text. */
  double[][] probabilities(List<String> texts) throws Exception;

  /** Input length of the model, in its own tokens. */
  int maxTokens();

  int countTokens(String text);

  String modelVersion();

  /** Below this top-class probability a text counts as neutral. */
  double threshold();

  /** Classifies texts already cleaned, each whole (truncated at the input length if longer). */
  default List<Classification> classify(List<String> texts) throws Exception {
    double[][] p = probabilities(texts);
    List<Classification> out = new ArrayList<>(texts.size());
    for (double[] q : p) {
      out.add(Classification.of(q[0], q[1], q[2], threshold(), modelVersion()));
    }
    return out;
  }

  @Override
  default List<Classification> predict(List<SocialPost> posts) throws Exception {
    List<String> pieces = new ArrayList<>();
    List<int[]> ranges = new ArrayList<>();
    for (SocialPost post : posts) {
      List<String> p =
          PostText.pieces(
              PostText.clean(post.title(), post.body()), maxTokens(), this::countTokens);
      ranges.add(new int[] {pieces.size(), pieces.size() + p.size()});
      pieces.addAll(p);
    }
    double[][] probabilities = probabilities(pieces);
    List<Classification> out = new ArrayList<>(posts.size());
    for (int[] range : ranges) {
      if (range[0] == range[1]) {
        // Nothing left to read once links and markup are gone: no opinion, with no confidence.
        out.add(new Classification(SentimentLabel.NEUTRAL, 0, 0, modelVersion(), false));
        continue;
      }
      double[] mean = new double[3];
      double weight = 0;
      boolean single = range[1] - range[0] == 1; // most posts: no weights, no second tokenizing
      for (int i = range[0]; i < range[1]; i++) {
        double w = single ? 1 : Math.max(1, countTokens(pieces.get(i)));
        for (int c = 0; c < 3; c++) {
          mean[c] += w * probabilities[i][c];
        }
        weight += w;
      }
      out.add(
          Classification.of(
              mean[0] / weight, mean[1] / weight, mean[2] / weight, threshold(), modelVersion()));
    }
    return out;
  }
}

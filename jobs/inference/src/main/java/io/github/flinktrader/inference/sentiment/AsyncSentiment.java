package io.github.flinktrader.inference.sentiment;

import io.github.flinktrader.inference.AsyncInference;
import io.github.flinktrader.inference.BatchModel;
import io.github.flinktrader.records.SocialPost;

/**
 * The async inference operator ({@link AsyncInference}) serving a {@link SentimentModel}: posts in,
 * each with its classification out. Its fallback is neutral with no confidence, flagged.
 */
public final class AsyncSentiment extends AsyncInference<SocialPost, Classification, ScoredPost> {

  private static final long serialVersionUID = 1L;

  public AsyncSentiment(SentimentModel.Factory model, int workers, int maxBatch, long maxDelayMs) {
    super(model, new SentimentServing(), workers, maxBatch, maxDelayMs);
  }

  static final class SentimentServing
      implements AsyncInference.Serving<SocialPost, Classification, ScoredPost> {

    private static final long serialVersionUID = 1L;

    @Override
    public String name() {
      return "sentiment";
    }

    @Override
    public ScoredPost output(SocialPost post, Classification live, Classification shadow) {
      return new ScoredPost(post, live);
    }

    @Override
    public Classification fallback(
        SocialPost post, BatchModel.Factory<SocialPost, Classification> model) {
      return Classification.fallback(model.modelVersion());
    }
  }
}

package io.github.flinktrader.inference.sentiment;

import io.github.flinktrader.records.SentimentScore;
import io.github.flinktrader.records.SocialPost;
import java.util.ArrayList;
import java.util.List;

/** A post and the model's classification of it. */
public record ScoredPost(SocialPost post, Classification classification) {

  /** One score per symbol the post is about, at the post's time. */
  public List<SentimentScore> scores() {
    List<SentimentScore> out = new ArrayList<>(post.symbols().length);
    for (String symbol : post.symbols()) {
      out.add(
          new SentimentScore(
              post.id(),
              symbol,
              post.createdAt(),
              classification.label(),
              classification.confidence(),
              classification.score(),
              classification.modelVersion(),
              classification.fallback()));
    }
    return out;
  }
}

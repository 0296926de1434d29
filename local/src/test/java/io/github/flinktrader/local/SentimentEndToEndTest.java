package io.github.flinktrader.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.flink.JobSettings;
import io.github.flinktrader.flink.Pipelines;
import io.github.flinktrader.flink.Topics;
import io.github.flinktrader.http.ApiPolicy;
import io.github.flinktrader.inference.InferenceJob;
import io.github.flinktrader.inference.sentiment.Classification;
import io.github.flinktrader.inference.sentiment.MiniLmSentiment;
import io.github.flinktrader.ingest.IngestJob;
import io.github.flinktrader.ingest.IngestRules;
import io.github.flinktrader.ingest.IngestSources;
import io.github.flinktrader.ingest.fakes.FakeReddit;
import io.github.flinktrader.ingest.reddit.RedditFeed;
import io.github.flinktrader.offline.sentiment.SentimentTraining;
import io.github.flinktrader.offline.sentiment.TextData;
import io.github.flinktrader.testing.LocalKafka;
import io.github.flinktrader.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * From a fake Reddit server (real wire format) to sentiment windows in the database: the ingest job
 * polls and extracts symbols, the inference job scores the posts with the trained MiniLM model
 * through the async operator and aggregates them per symbol and minute.
 */
class SentimentEndToEndTest {

  @TempDir Path registry;
  @TempDir Path checkpoints;

  @Test
  void postsFromRedditEndAsSentimentWindowsInTheDatabase() throws Exception {
    SentimentTraining.train(TextData.dir(), registry, 3, 300);
    long now = System.currentTimeMillis();
    long minute = (now - 2 * 3_600_000L) / 60_000L * 60_000L;
    try (LocalKafka kafka = LocalKafka.start();
        TestDatabase db = TestDatabase.create();
        FakeReddit reddit = new FakeReddit("id", "secret")) {
      reddit.post(
          "stocks",
          "a1",
          minute + 1_000,
          "$AAPL earnings were excellent",
          "Great quarter, love it.");
      reddit.post(
          "stocks", "a2", minute + 2_000, "Apple looks strong", "Very happy with my $AAPL shares.");
      reddit.post(
          "stocks",
          "a3",
          minute + 3_000,
          "$AAPL and $MSFT both terrible today",
          "Awful losses, I hate this.");
      reddit.post(
          "stocks", "n1", minute + 4_000, "Weekend plans", "No tickers here, just chatting.");
      reddit.post(
          "stocks",
          "m1",
          minute + 61_000,
          "$MSFT fantastic news",
          "Wonderful, best update in years.");

      JobSettings live =
          new JobSettings(
              kafka.bootstrapServers(),
              db.settings(),
              false,
              Duration.ofMillis(500),
              checkpoints.resolve("ingest").toUri().toString(),
              1,
              "sentiment-e2e");
      RedditFeed feed =
          new RedditFeed(
              reddit.uri(),
              reddit.uri(),
              "test:flink-trader:0.1 (by /u/test)",
              List.of("stocks"),
              false,
              Duration.ofMillis(300),
              Duration.ofHours(6),
              Duration.ofHours(1),
              10);
      IngestSources sources =
          new IngestSources(
              true, // Kafka trades on (none come): ingest needs one bar source
              null,
              feed,
              ApiPolicy.defaults("reddit", 10_000),
              new IngestRules(
                  Instant.parse("2010-01-01T00:00:00Z"), Duration.ofMinutes(1), Set.of()),
              Map.of("REDDIT_CLIENT_ID", "id", "REDDIT_CLIENT_SECRET", "secret"));
      StreamExecutionEnvironment ingestEnv =
          StreamExecutionEnvironment.getExecutionEnvironment(
              Pipelines.configuration(live, IngestJob.NAME));
      IngestJob.build(ingestEnv, live, sources);
      JobClient ingest = ingestEnv.executeAsync("ingest");
      long deadline = System.currentTimeMillis() + 120_000;
      while (kafka.readCommitted(Topics.SOCIAL_POSTS).size() < 5
          && System.currentTimeMillis() < deadline) {
        Thread.sleep(300);
      }
      ingest.cancel().get();
      assertThat(kafka.readCommitted(Topics.SOCIAL_POSTS)).hasSize(5);

      // The inference job over what ingest committed, bounded: the end of input closes every
      // window.
      JobSettings bounded =
          new JobSettings(
              kafka.bootstrapServers(),
              db.settings(),
              true,
              Duration.ofSeconds(1),
              checkpoints.resolve("inference").toUri().toString(),
              1,
              "sentiment-e2e");
      StreamExecutionEnvironment env =
          StreamExecutionEnvironment.createLocalEnvironment(
              Pipelines.configuration(bounded, InferenceJob.NAME));
      env.setParallelism(1);
      InferenceJob.build(
          env,
          bounded,
          InferenceJob.Options.defaults()
              .withSentiment(MiniLmSentiment.factory(registry, null, Classification.THRESHOLD)));
      env.execute("inference");

      List<String> rows = new ArrayList<>();
      try (Connection c = db.settings().connect();
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "select symbol, extract(epoch from window_start)::bigint * 1000, bullish, bearish, neutral,"
                      + " fallbacks, model_version from reddit_sentiment_aggregated order by 1, 2")) {
        while (rs.next()) {
          rows.add(
              rs.getString(1)
                  + "@"
                  + (rs.getLong(2) - minute) / 60_000
                  + " "
                  + rs.getLong(3)
                  + "/"
                  + rs.getLong(4)
                  + "/"
                  + rs.getLong(5)
                  + " fallbacks "
                  + rs.getLong(6)
                  + " "
                  + rs.getString(7));
        }
      }
      assertThat(rows)
          .containsExactly(
              "AAPL@0 2/1/0 fallbacks 0 sentiment-minilm/v1",
              "MSFT@0 0/1/0 fallbacks 0 sentiment-minilm/v1",
              "MSFT@1 1/0/0 fallbacks 0 sentiment-minilm/v1");
      assertThat(kafka.readCommitted(Topics.SENTIMENT)).hasSize(5); // a1, a2, a3 x2, m1
      assertThat(kafka.readCommitted(Topics.SENTIMENT_AGGREGATES)).hasSize(3);
    }
  }
}

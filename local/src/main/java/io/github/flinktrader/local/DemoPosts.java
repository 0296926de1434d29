package io.github.flinktrader.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.flinktrader.flink.Topics;
import io.github.flinktrader.records.SocialPost;
import io.github.flinktrader.serde.Json;
import io.github.flinktrader.text.TickerExtractor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The demo's social posts: a small bundled set written for the demo (marked illustrative in its
 * file), timed to the replayed Bitstamp trades. Symbols are found the way the ingest job finds them
 * ({@link TickerExtractor}); the posts go to {@code social.posts} as ingest would send them.
 */
final class DemoPosts {

  static final String RESOURCE = "demo/illustrative-posts.json";

  private DemoPosts() {}

  static List<SocialPost> posts() {
    try (InputStream in = DemoPosts.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " not on the classpath");
      }
      JsonNode doc = Json.mapper().readTree(in);
      TickerExtractor tickers = TickerExtractor.defaults();
      List<SocialPost> out = new ArrayList<>();
      int n = 0;
      for (JsonNode p : doc.get("posts")) {
        String title = p.get("title").asText();
        String body = p.get("body").asText();
        out.add(
            new SocialPost(
                "demo_" + ++n,
                "demo",
                "illustrative",
                "demo",
                Instant.parse(p.get("createdAt").asText()).toEpochMilli(),
                title,
                body,
                tickers.extract(title, body)));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<ProducerRecord<byte[], byte[]>> records() {
    List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
    for (SocialPost p : posts()) {
      out.add(
          new ProducerRecord<>(
              Topics.SOCIAL_POSTS,
              null,
              p.createdAt(),
              p.id().getBytes(StandardCharsets.UTF_8),
              Json.write(p)));
    }
    return out;
  }
}

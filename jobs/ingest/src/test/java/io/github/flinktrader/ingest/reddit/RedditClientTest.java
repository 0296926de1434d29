package io.github.flinktrader.ingest.reddit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinktrader.http.ApiException;
import io.github.flinktrader.http.ApiPolicy;
import io.github.flinktrader.http.ResilientHttp;
import io.github.flinktrader.http.Secrets;
import io.github.flinktrader.ingest.fakes.FakeHttp.Fault;
import io.github.flinktrader.ingest.fakes.FakeReddit;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OAuth, paging and rate limits against a fake that speaks Reddit's formats. */
class RedditClientTest {

  private FakeReddit fake;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeReddit("id", "secret");
    long now = System.currentTimeMillis();
    for (int i = 0; i < 150; i++) {
      fake.post("stocks", "p" + i, now - (150 - i) * 1000L, "post " + i, "$AAPL " + i);
    }
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  RedditClient client(String secret) {
    Secrets s = new Secrets(Map.of("ID", "id", "SECRET", secret));
    return new RedditClient(
        fake.uri(),
        fake.uri(),
        s.require("ID"),
        s.require("SECRET"),
        "test:flink-trader:0.1 (by /u/test)",
        new ResilientHttp(
            ApiPolicy.defaults("reddit", 1000)
                .withBackoff(Duration.ofMillis(10), Duration.ofSeconds(2), Duration.ofSeconds(30))),
        Clock.systemUTC());
  }

  @Test
  void pagesNewestFirstWithOneToken() {
    RedditClient c = client("secret");

    RedditClient.Listing first = c.listing("stocks", "new", null, 100);
    RedditClient.Listing second = c.listing("stocks", "new", first.after(), 100);

    assertThat(first.children()).hasSize(100);
    assertThat(first.children().get(0).path("data").path("name").asText()).isEqualTo("t3_p149");
    assertThat(first.after()).isEqualTo("t3_p50");
    assertThat(second.children()).hasSize(50);
    assertThat(second.after()).isNull();
    assertThat(c.tokensFetched()).isEqualTo(1);
  }

  @Test
  void refreshesATokenBeforeItExpiresAndAfterARevocation() throws Exception {
    fake.tokenLifetime(60); // expires within the refresh margin: every call needs a new one
    RedditClient c = client("secret");
    c.listing("stocks", "new", null, 10);
    c.listing("stocks", "new", null, 10);
    assertThat(c.tokensFetched()).isEqualTo(2);

    fake.tokenLifetime(3600);
    c.listing("stocks", "new", null, 10);
    fake.revokeTokens(); // the server forgets the token: a 401 gets one fresh token and a retry
    c.listing("stocks", "new", null, 10);
    assertThat(c.tokensFetched()).isEqualTo(4);
  }

  @Test
  void waitsOutA429WithItsResetHeader() {
    RedditClient c = client("secret");
    fake.inject(Fault.rateLimited(1));
    long start = System.nanoTime();

    c.listing("stocks", "new", null, 10);

    assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(950);
  }

  @Test
  void refusedCredentialsAreAClearErrorWithoutTheSecret() {
    assertThatThrownBy(() -> client("wrong-secret").listing("stocks", "new", null, 10))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("refused the client credentials")
        .hasMessageNotContaining("wrong-secret");
  }

  @Test
  void anAnswerThatIsNotAListingIsNamedAsSuch() {
    RedditClient c = client("secret");
    c.listing("stocks", "new", null, 1);
    fake.inject(Fault.body("{\"kind\":\"t3\"}"));

    assertThatThrownBy(() -> c.listing("stocks", "new", null, 1))
        .hasMessageContaining("not a Listing");
  }
}

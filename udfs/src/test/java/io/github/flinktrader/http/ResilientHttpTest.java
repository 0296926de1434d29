package io.github.flinktrader.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retries, backoff, rate-limit resets and the circuit breaker against a real local server. */
class ResilientHttpTest {

  /** A scripted answer: status, headers, body; a delay past the client's timeout hangs. */
  record Answer(int status, Map<String, String> headers, String body, long delayMillis) {
    static Answer ok(String body) {
      return new Answer(200, Map.of(), body, 0);
    }

    static Answer status(int status) {
      return new Answer(status, Map.of(), "{}", 0);
    }
  }

  private HttpServer server;
  private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
  private final List<Long> arrivals = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        ex -> {
          arrivals.add(System.nanoTime());
          Answer a = script.poll();
          if (a == null) {
            a = Answer.ok("{\"default\":true}");
          }
          if (a.delayMillis() > 0) {
            try {
              Thread.sleep(a.delayMillis());
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
          byte[] b = a.body().getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(a.status(), b.length);
          ex.getResponseBody().write(b);
          ex.close();
        });
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(2));
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private ResilientHttp client(int maxAttempts, Duration timeout) {
    return new ResilientHttp(
        new ApiPolicy(
            "test",
            1000,
            Duration.ofSeconds(1),
            maxAttempts,
            Duration.ofMillis(20),
            Duration.ofSeconds(3),
            timeout,
            50f,
            Duration.ofSeconds(60)));
  }

  private HttpRequest get() {
    return HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/x?apiKey=SECRET"))
        .build();
  }

  @Test
  void retriesABurstOf5xxThenSucceeds() {
    script.add(Answer.status(500));
    script.add(Answer.status(502));
    script.add(Answer.status(503));
    script.add(Answer.ok("{\"n\":1}"));
    ResilientHttp http = client(5, Duration.ofSeconds(5));

    assertThat(http.send(this::get).body()).isEqualTo("{\"n\":1}");
    assertThat(http.requestsSent()).isEqualTo(4);
  }

  @Test
  void waitsTheAnnouncedResetAfterA429() {
    script.add(
        new Answer(429, Map.of("X-Ratelimit-Reset", "1", "X-Ratelimit-Remaining", "0"), "{}", 0));
    script.add(Answer.ok("{}"));
    ResilientHttp http = client(3, Duration.ofSeconds(5));

    http.send(this::get);

    assertThat(arrivals).hasSize(2);
    // The backoff alone would be about 20 ms; the server asked for one second.
    assertThat((arrivals.get(1) - arrivals.get(0)) / 1_000_000).isGreaterThanOrEqualTo(950);
  }

  @Test
  void aServerAnnouncingItsBudgetSpentDelaysTheNextCall() {
    script.add(
        new Answer(200, Map.of("X-Ratelimit-Remaining", "0", "X-Ratelimit-Reset", "1"), "{}", 0));
    script.add(Answer.ok("{}"));
    ResilientHttp http = client(1, Duration.ofSeconds(5));

    http.send(this::get);
    http.send(this::get);

    assertThat((arrivals.get(1) - arrivals.get(0)) / 1_000_000).isGreaterThanOrEqualTo(950);
  }

  @Test
  void doesNotRetryAClientErrorAndNamesTheStatusWithoutTheQuery() {
    script.add(Answer.status(404));
    ResilientHttp http = client(5, Duration.ofSeconds(5));

    assertThatThrownBy(() -> http.send(this::get))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("HTTP 404")
        .hasMessageNotContaining("SECRET")
        .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(404));
    assertThat(http.requestsSent()).isEqualTo(1);
  }

  @Test
  void aHungServerTimesOutAndIsRetried() {
    script.add(new Answer(200, Map.of(), "{\"slow\":true}", 1500));
    script.add(Answer.ok("{\"fast\":true}"));
    ResilientHttp http = client(3, Duration.ofMillis(300));

    assertThat(http.send(this::get).body()).isEqualTo("{\"fast\":true}");
    assertThat(http.requestsSent()).isEqualTo(2);
  }

  @Test
  void givesUpAfterTheLastAttemptAndOpensTheCircuitOnPersistentFailure() {
    for (int i = 0; i < 30; i++) {
      script.add(Answer.status(503));
    }
    ResilientHttp http = client(2, Duration.ofSeconds(5));

    for (int call = 0; call < 5; call++) {
      assertThatThrownBy(() -> http.send(this::get)).isInstanceOf(ApiException.class);
    }
    assertThat(http.circuitState()).isEqualTo(CircuitBreaker.State.OPEN);
    int sent = arrivals.size();
    assertThatThrownBy(() -> http.send(this::get))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("circuit open");
    assertThat(arrivals).hasSize(sent); // refused without touching the server
  }
}

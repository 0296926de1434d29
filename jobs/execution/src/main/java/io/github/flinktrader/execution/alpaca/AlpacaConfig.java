package io.github.flinktrader.execution.alpaca;

import io.github.flinktrader.http.ApiPolicy;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Where and how the Alpaca broker connects. Keys are never part of it: they are read from the
 * environment ({@code APCA_API_KEY_ID}, {@code APCA_API_SECRET_KEY}) or a mounted secret when the
 * operator opens.
 *
 * @param restUrl the Trading API (paper by default)
 * @param streamUrl the {@code trade_updates} WebSocket
 * @param poll how often the operator takes the stream's updates
 * @param reconcileEvery how often it reconciles open orders and positions with the REST API (and
 *     always after the stream reconnects)
 * @param secretEnv tests only: where the keys are read from instead of the environment (null in
 *     every deployment; never put real keys here, they would travel in the job graph)
 */
public record AlpacaConfig(
    URI restUrl,
    URI streamUrl,
    ApiPolicy policy,
    Duration poll,
    Duration reconcileEvery,
    Map<String, String> symbols,
    Map<String, String> secretEnv)
    implements Serializable {

  public static AlpacaConfig paper() {
    return at(AlpacaClient.PAPER);
  }

  /** Live trading; the job only builds it with {@code --alpaca-live true}. */
  public static AlpacaConfig live() {
    return at(AlpacaClient.LIVE);
  }

  /** An endpoint of one's own (a fake in tests, a proxy); the stream is {@code /stream} there. */
  public static AlpacaConfig at(URI rest) {
    String ws = rest.toString().replaceFirst("^http", "ws");
    return new AlpacaConfig(
        rest,
        URI.create(ws.endsWith("/") ? ws + "stream" : ws + "/stream"),
        AlpacaClient.defaultPolicy(),
        Duration.ofMillis(200),
        Duration.ofSeconds(30),
        Map.of(),
        null);
  }

  public AlpacaConfig withPolicy(ApiPolicy p) {
    return new AlpacaConfig(restUrl, streamUrl, p, poll, reconcileEvery, symbols, secretEnv);
  }

  public AlpacaConfig withReconcileEvery(Duration d) {
    return new AlpacaConfig(restUrl, streamUrl, policy, poll, d, symbols, secretEnv);
  }

  public AlpacaConfig withStreamUrl(URI stream) {
    return new AlpacaConfig(restUrl, stream, policy, poll, reconcileEvery, symbols, secretEnv);
  }

  /** Tests only; see the class comment. */
  public AlpacaConfig withSecretEnv(Map<String, String> env) {
    return new AlpacaConfig(restUrl, streamUrl, policy, poll, reconcileEvery, symbols, env);
  }

  /** Where the keys come from: the environment or a mounted secret. */
  public io.github.flinktrader.http.Secrets secrets() {
    return secretEnv == null
        ? io.github.flinktrader.http.Secrets.fromEnvironment()
        : new io.github.flinktrader.http.Secrets(secretEnv);
  }

  @Override
  public String toString() {
    return "AlpacaConfig[" + restUrl + ", " + streamUrl + "]";
  }
}

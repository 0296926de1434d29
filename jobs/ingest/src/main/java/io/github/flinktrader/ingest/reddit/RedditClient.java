package io.github.flinktrader.ingest.reddit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.flinktrader.http.ApiException;
import io.github.flinktrader.http.ResilientHttp;
import io.github.flinktrader.http.Secrets.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reddit's Data API with an application-only OAuth token (client credentials). The token is fetched
 * on first use and again a minute before it expires, or at once when a call answers 401. Rate
 * limits ({@code X-Ratelimit-*}, 429) are honoured by the {@link ResilientHttp} underneath.
 */
public final class RedditClient {

  static final Duration REFRESH_MARGIN = Duration.ofSeconds(60);

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final URI authBase;
  private final URI apiBase;
  private final Secret clientId;
  private final Secret clientSecret;
  private final String userAgent;
  private final ResilientHttp http;
  private final Clock clock;
  private String token;
  private long tokenExpiresAt;
  private int tokensFetched;

  /** One page of a listing: the raw children (parsed one by one by the caller) and the cursor. */
  public record Listing(List<JsonNode> children, String after, String body) {}

  /**
   * @param userAgent {@code platform:appid:version (by /u/name)}, as Reddit asks
   */
  public RedditClient(
      URI authBase,
      URI apiBase,
      Secret clientId,
      Secret clientSecret,
      String userAgent,
      ResilientHttp http,
      Clock clock) {
    this.authBase = authBase;
    this.apiBase = apiBase;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.userAgent = userAgent;
    this.http = http;
    this.clock = clock;
  }

  /**
   * The newest items of {@code /r/{subreddit}/{feed}} ({@code new} for posts, {@code comments} for
   * comments), older pages through {@code after}.
   *
   * @throws ApiException when Reddit cannot be reached or refuses
   * @throws IllegalArgumentException when the answer is not a listing (the message says why)
   */
  public Listing listing(String subreddit, String feed, String after, int limit) {
    String path =
        "/r/"
            + URLEncoder.encode(subreddit, StandardCharsets.UTF_8)
            + "/"
            + feed
            + "?limit="
            + limit
            + "&raw_json=1"
            + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
    URI uri = apiBase.resolve(path);
    HttpResponse<String> response;
    try {
      response = http.send(() -> authorized(uri));
    } catch (ApiException e) {
      if (e.status() != 401) {
        throw e;
      }
      token = null; // revoked or expired early: one fresh token, one more try
      response = http.send(() -> authorized(uri));
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalArgumentException("listing is not JSON: " + e.getMessage());
    }
    if (root == null || !"Listing".equals(root.path("kind").asText())) {
      throw new IllegalArgumentException("answer is not a Listing");
    }
    List<JsonNode> children = new ArrayList<>();
    root.path("data").path("children").forEach(children::add);
    JsonNode next = root.path("data").path("after");
    return new Listing(children, next.isTextual() ? next.asText() : null, response.body());
  }

  /** Tokens fetched so far (tests check refreshes). */
  public int tokensFetched() {
    return tokensFetched;
  }

  private HttpRequest authorized(URI uri) {
    return HttpRequest.newBuilder(uri)
        .header("Authorization", "bearer " + token())
        .header("User-Agent", userAgent)
        .GET()
        .build();
  }

  private synchronized String token() {
    if (token != null && clock.millis() < tokenExpiresAt - REFRESH_MARGIN.toMillis()) {
      return token;
    }
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (clientId.reveal() + ":" + clientSecret.reveal()).getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> response;
    try {
      response =
          http.send(
              () ->
                  HttpRequest.newBuilder(authBase.resolve("/api/v1/access_token"))
                      .header("Authorization", "Basic " + basic)
                      .header("User-Agent", userAgent)
                      .header("Content-Type", "application/x-www-form-urlencoded")
                      .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                      .build());
    } catch (ApiException e) {
      if (e.status() == 401 || e.status() == 403) {
        throw new ApiException(
            "reddit refused the client credentials (HTTP " + e.status() + ")",
            e.status(),
            false,
            null);
      }
      throw e;
    }
    try {
      JsonNode t = MAPPER.readTree(response.body());
      String access = t.path("access_token").asText(null);
      if (access == null || access.isBlank()) {
        throw new ApiException(
            "reddit token answer has no access_token: " + t.path("error").asText("?"),
            response.statusCode(),
            false,
            null);
      }
      token = access;
      tokenExpiresAt = clock.millis() + t.path("expires_in").asLong(3600) * 1000L;
      tokensFetched++;
      return token;
    } catch (IOException e) {
      throw new ApiException("reddit token answer is not JSON", response.statusCode(), true, null);
    }
  }
}

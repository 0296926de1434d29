package io.github.flinktrader.ingest.fakes;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reddit's OAuth token endpoint and listings on one server: client-credentials tokens that really
 * expire ({@code expires_in}), {@code /r/{sub}/new} and {@code /r/{sub}/comments} newest first with
 * {@code after} paging, the {@code X-Ratelimit-*} headers on every answer, 401 for an unknown or
 * expired token.
 */
public final class FakeReddit extends FakeHttp {

  private final String clientId;
  private final String clientSecret;
  private final Map<String, Long> tokens = new ConcurrentHashMap<>();
  private final AtomicInteger issued = new AtomicInteger();
  private final Map<String, List<String>> listings = new ConcurrentHashMap<>();
  private final Map<String, List<Long>> created = new ConcurrentHashMap<>();
  private volatile int tokenLifetimeSeconds = 3600;
  private final int budget = 600;
  private final long windowMillis = 10_000;
  private long windowStart = System.currentTimeMillis();
  private int used;

  public FakeReddit(String clientId, String clientSecret) throws IOException {
    this.clientId = clientId;
    this.clientSecret = clientSecret;
  }

  public void tokenLifetime(int seconds) {
    this.tokenLifetimeSeconds = seconds;
  }

  public int tokensIssued() {
    return issued.get();
  }

  /** Revokes every token issued so far, as if they had expired early. */
  public void revokeTokens() {
    tokens.clear();
  }

  /** Adds a post ({@code t3}) to {@code sub}'s new listing; returns its fullname. */
  public String post(String sub, String id, long createdMillis, String title, String body) {
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    data.put("id", id);
    data.put("name", "t3_" + id);
    data.put("subreddit", sub);
    data.put("title", title);
    data.put("selftext", body);
    data.put("author", "user_" + id);
    data.put("score", 1);
    data.put("num_comments", 0);
    data.put("created_utc", createdMillis / 1000.0);
    data.put("permalink", "/r/" + sub + "/comments/" + id + "/");
    add(sub + "/new", "{\"kind\":\"t3\",\"data\":" + data + "}", createdMillis);
    return "t3_" + id;
  }

  /** Adds a comment ({@code t1}) to {@code sub}'s comment listing. */
  public String comment(String sub, String id, long createdMillis, String body) {
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    data.put("id", id);
    data.put("name", "t1_" + id);
    data.put("subreddit", sub);
    data.put("body", body);
    data.put("link_title", "a thread");
    data.put("author", "user_" + id);
    data.put("created_utc", createdMillis / 1000.0);
    add(sub + "/comments", "{\"kind\":\"t1\",\"data\":" + data + "}", createdMillis);
    return "t1_" + id;
  }

  /** Adds any JSON as a listing child (the ugly cases). */
  public void rawChild(String feed, String json, long sortMillis) {
    add(feed, json, sortMillis);
  }

  private synchronized void add(String feed, String json, long createdMillis) {
    List<String> items = listings.computeIfAbsent(feed, f -> new CopyOnWriteArrayList<>());
    List<Long> times = created.computeIfAbsent(feed, f -> new CopyOnWriteArrayList<>());
    int at = 0;
    while (at < times.size() && times.get(at) > createdMillis) {
      at++;
    }
    items.add(at, json);
    times.add(at, createdMillis);
  }

  @Override
  protected void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    if (path.equals("/api/v1/access_token")) {
      token(ex);
      return;
    }
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    String token = auth != null && auth.startsWith("bearer ") ? auth.substring(7) : "";
    Long expires = tokens.get(token);
    if (expires == null || expires < System.currentTimeMillis()) {
      send(ex, 401, "{\"message\":\"Unauthorized\",\"error\":401}");
      return;
    }
    if (ex.getRequestHeaders().getFirst("User-Agent") == null) {
      send(ex, 429, "{\"message\":\"no user agent\"}");
      return;
    }
    String[] parts = path.split("/"); // "", "r", sub, feed
    if (parts.length != 4 || !parts[1].equals("r")) {
      send(ex, 404, "{\"message\":\"Not Found\",\"error\":404}");
      return;
    }
    List<String> items = listings.getOrDefault(parts[2] + "/" + parts[3], List.of());
    Map<String, String> q = query(ex.getRequestURI());
    int limit = Integer.parseInt(q.getOrDefault("limit", "25"));
    int from = 0;
    String after = q.get("after");
    if (after != null) {
      for (int i = 0; i < items.size(); i++) {
        if (items.get(i).contains("\"name\":\"" + after + "\"")) {
          from = i + 1;
        }
      }
    }
    List<String> page =
        new ArrayList<>(
            items.subList(Math.min(from, items.size()), Math.min(from + limit, items.size())));
    String nextAfter = null;
    if (from + limit < items.size() && !page.isEmpty()) {
      String lastJson = page.get(page.size() - 1);
      int i = lastJson.indexOf("\"name\":\"");
      nextAfter = i < 0 ? null : lastJson.substring(i + 8, lastJson.indexOf('"', i + 8));
    }
    // Reddit's budget: so many requests per window, the reset in seconds to the window's end.
    int left;
    long resetSeconds;
    synchronized (this) {
      long now = System.currentTimeMillis();
      if (now - windowStart >= windowMillis) {
        windowStart = now;
        used = 0;
      }
      used++;
      left = Math.max(0, budget - used);
      resetSeconds = Math.max(1, (windowStart + windowMillis - now + 999) / 1000);
    }
    if (used > budget) {
      ex.getResponseHeaders().add("X-Ratelimit-Remaining", "0");
      ex.getResponseHeaders().add("X-Ratelimit-Reset", Long.toString(resetSeconds));
      send(ex, 429, "{\"message\":\"Too Many Requests\",\"error\":429}");
      return;
    }
    ex.getResponseHeaders().add("X-Ratelimit-Used", Integer.toString(used));
    ex.getResponseHeaders().add("X-Ratelimit-Remaining", Integer.toString(left));
    ex.getResponseHeaders().add("X-Ratelimit-Reset", Long.toString(resetSeconds));
    send(
        ex,
        200,
        "{\"kind\":\"Listing\",\"data\":{\"after\":"
            + (nextAfter == null ? "null" : "\"" + nextAfter + "\"")
            + ",\"before\":null,\"dist\":"
            + page.size()
            + ",\"children\":["
            + String.join(",", page)
            + "]}}");
  }

  private void token(HttpExchange ex) throws IOException {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
    String form = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    if (!expected.equals(auth)) {
      send(ex, 401, "{\"message\":\"Unauthorized\",\"error\":401}");
      return;
    }
    if (!form.contains("grant_type=client_credentials")) {
      send(ex, 400, "{\"error\":\"unsupported_grant_type\"}");
      return;
    }
    String token = "tok-" + issued.incrementAndGet();
    tokens.put(token, System.currentTimeMillis() + tokenLifetimeSeconds * 1000L);
    send(
        ex,
        200,
        "{\"access_token\":\""
            + token
            + "\",\"token_type\":\"bearer\",\"expires_in\":"
            + tokenLifetimeSeconds
            + ",\"scope\":\"*\"}");
  }
}

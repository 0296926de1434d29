package io.github.flinktrader.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The local stack listens on loopback only: every TCP socket this JVM listens on once the local
 * Flink cluster is up (REST and web UI, RPC, BlobServer, Prometheus metrics) is bound to 127.0.0.1
 * or ::1, read from the kernel's own socket table. Jar upload is off unless asked for.
 */
class LocalStackExposureTest {

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** "address:port" of every TCP socket this process listens on. */
  static List<String> listeningSockets() throws Exception {
    Set<String> inodes = new HashSet<>();
    try (var fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : fds.toList()) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring(8, target.length() - 1));
          }
        } catch (java.io.IOException e) {
          // closed while listing
        }
      }
    }
    List<String> out = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      for (String line :
          Files.readAllLines(Path.of(table))
              .subList(1, Files.readAllLines(Path.of(table)).size())) {
        String[] f = line.trim().split("\\s+");
        if (f[3].equals("0A") && inodes.contains(f[9])) {
          out.add(f[1]);
        }
      }
    }
    return out;
  }

  /** True for 127.0.0.1 (tcp) and ::1 or ::ffff:127.0.0.1 (tcp6), as the kernel writes them. */
  static boolean loopback(String hexAddressAndPort) {
    String address = hexAddressAndPort.substring(0, hexAddressAndPort.indexOf(':'));
    return address.equals("0100007F")
        || address.equals("00000000000000000000000001000000")
        || address.equals("0000000000000000FFFF00000100007F");
  }

  @Test
  void everyListenerIsOnLoopbackAndJarUploadIsOff() throws Exception {
    int rest = freePort();
    int prometheus = freePort();
    try (LocalFlinkCluster flink = new LocalFlinkCluster(rest, prometheus, 2)) {
      List<String> sockets = listeningSockets();
      System.out.println("listening: " + sockets);
      assertThat(sockets).hasSizeGreaterThanOrEqualTo(2); // at least REST and metrics
      assertThat(sockets).allSatisfy(s -> assertThat(loopback(s)).as(s).isTrue());
      String restHex = String.format(":%04X", rest);
      String promHex = String.format(":%04X", prometheus);
      assertThat(sockets).anySatisfy(s -> assertThat(s).endsWith(restHex));
      assertThat(sockets).anySatisfy(s -> assertThat(s).endsWith(promHex));

      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> metrics =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + prometheus + "/metrics"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("flink_jobmanager_");
      // The REST endpoint answers 503 until the dispatcher is up: wait for it first.
      for (int i = 0; i < 100; i++) {
        int status =
            http.send(
                    HttpRequest.newBuilder(URI.create(flink.webUi() + "/overview")).build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode();
        if (status == 200) {
          break;
        }
        Thread.sleep(100);
      }
      HttpResponse<String> jars =
          http.send(
              HttpRequest.newBuilder(URI.create(flink.webUi() + "/jars")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(jars.statusCode()).isEqualTo(404);
      HttpResponse<String> config =
          http.send(
              HttpRequest.newBuilder(URI.create(flink.webUi() + "/config")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(config.body()).contains("\"web-submit\":false").contains("\"web-cancel\":false");
    }
  }
}

package io.github.flinktrader.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's Kafka broker never outlives the demo for long: it stops itself when the process that
 * started it is gone, and a broker left running anyway (its starter killed before the watch saw it)
 * is found by its recorded process id and stopped by the next start.
 */
class KafkaBrokerProcessTest {

  private static int freePortPair() throws Exception {
    for (int i = 0; i < 20; i++) {
      int p;
      try (ServerSocket s = new ServerSocket(0)) {
        p = s.getLocalPort();
      }
      if (Ports.inUse(p) == null && Ports.inUse(p + 1) == null) {
        return p;
      }
    }
    throw new IllegalStateException("no two free ports in a row");
  }

  @Test
  void aBrokerLeftRunningIsStoppedByTheNextStart(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("kafka");
    Files.createDirectories(data);
    String props = data.resolve("server.properties").toAbsolutePath().toString();
    // A process with the command line of a broker on this directory whose starter is gone (pid
    // 2^22 + 1 is above Linux's pid_max); its own watch did not stop it.
    Process stale =
        new ProcessBuilder(
                "bash", "-c", "sleep 60; true", KafkaBrokerMain.class.getName(), "4194305", props)
            .start();
    try {
      Files.writeString(KafkaBrokerProcess.pidFile(data), Long.toString(stale.pid()));
      assertThat(KafkaBrokerProcess.stopStale(data)).isTrue();
      assertThat(stale.waitFor(5, TimeUnit.SECONDS)).isTrue();
      assertThat(Files.exists(KafkaBrokerProcess.pidFile(data))).isFalse();
    } finally {
      stale.destroyForcibly();
    }
  }

  @Test
  void aRunningDemosBrokerIsLeftAloneAndItsPortReported(@TempDir Path dir) throws Exception {
    int port = freePortPair();
    Path data = dir.resolve("kafka");
    KafkaBrokerProcess first = new KafkaBrokerProcess(data, port);
    first.start(); // its starter is this JVM, alive
    try {
      ProcessHandle running = first.handle().orElseThrow();
      assertThat(Files.readString(KafkaBrokerProcess.pidFile(data)).strip())
          .isEqualTo(Long.toString(running.pid()));
      KafkaBrokerProcess second = new KafkaBrokerProcess(data, port);
      org.assertj.core.api.Assertions.assertThatThrownBy(second::start)
          .hasMessageContaining("port " + port + " is taken");
      assertThat(running.isAlive()).isTrue();
      assertThat(Files.exists(KafkaBrokerProcess.pidFile(data))).isTrue();
      KafkaBrokerProcess.createTopics(first.bootstrapServers());
    } finally {
      first.close();
    }
    assertThat(Files.exists(KafkaBrokerProcess.pidFile(data))).isFalse();
  }

  @Test
  void aPidFileOfAnotherProcessIsNotActedOn(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("kafka");
    Process sleeper = new ProcessBuilder("sleep", "60").start();
    try {
      Files.writeString(KafkaBrokerProcess.pidFile(data), Long.toString(sleeper.pid()));
      assertThat(KafkaBrokerProcess.stopStale(data)).isFalse();
      assertThat(sleeper.isAlive()).isTrue();
      assertThat(Files.exists(KafkaBrokerProcess.pidFile(data))).isFalse();
    } finally {
      sleeper.destroyForcibly();
    }
  }

  @Test
  void theBrokerStopsItselfWhenItsStarterIsGone(@TempDir Path dir) throws Exception {
    int port = freePortPair();
    Process starter = new ProcessBuilder("sleep", "120").start();
    KafkaBrokerProcess broker = new KafkaBrokerProcess(dir.resolve("kafka"), port);
    broker.watchedPid = starter.pid();
    try {
      broker.start();
      ProcessHandle h = broker.handle().orElseThrow();
      starter.destroyForcibly();
      starter.waitFor(10, TimeUnit.SECONDS);
      long start = System.nanoTime();
      h.onExit().get(60, TimeUnit.SECONDS);
      System.out.printf(
          "broker stopped %d ms after its starter died%n",
          Duration.ofNanos(System.nanoTime() - start).toMillis());
      assertThat(Ports.listening(port)).isFalse();
    } finally {
      broker.close();
      starter.destroyForcibly();
    }
  }
}

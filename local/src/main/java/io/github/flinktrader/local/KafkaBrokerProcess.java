package io.github.flinktrader.local;

import io.github.flinktrader.flink.Topics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft: broker and controller in one process), run from the Kafka
 * jars on this program's classpath in its own JVM, with its data under the state directory.
 */
final class KafkaBrokerProcess implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaBrokerProcess.class);

  private final Path dir;
  private final int port;
  private final int controllerPort;
  private Process process;

  /** The process whose end stops the broker: this JVM, unless a test says otherwise. */
  long watchedPid = ProcessHandle.current().pid();

  KafkaBrokerProcess(Path dir, int port) {
    this.dir = dir;
    this.port = port;
    this.controllerPort = port + 1;
  }

  /** The broker's process, once started. */
  java.util.Optional<ProcessHandle> handle() {
    return process == null ? java.util.Optional.empty() : java.util.Optional.of(process.toHandle());
  }

  String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** Where the running broker's process id is kept, beside its data directory. */
  static Path pidFile(Path dir) {
    return dir.resolveSibling(dir.getFileName() + ".pid");
  }

  /**
   * Stops a broker an earlier run left running on {@code dir} (its JVM was killed before it could
   * stop it): found by the process id recorded at its start, and stopped only when that process is
   * still a Kafka broker on this directory whose starter is gone (a running demo's broker is left
   * alone). Returns whether one was stopped.
   */
  static boolean stopStale(Path dir) throws IOException, InterruptedException {
    Path pidFile = pidFile(dir);
    if (!Files.exists(pidFile)) {
      return false;
    }
    long pid;
    try {
      pid = Long.parseLong(Files.readString(pidFile).strip());
    } catch (NumberFormatException e) {
      Files.delete(pidFile);
      return false;
    }
    java.util.Optional<ProcessHandle> stale = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    String ours = dir.resolve("server.properties").toAbsolutePath().toString();
    List<String> args = stale.isPresent() ? arguments(pid) : List.of();
    // Ours, and its starter is gone: a broker whose demo still runs is not stale, and its port is
    // reported as taken instead.
    int main = args.indexOf(KafkaBrokerMain.class.getName());
    boolean starterGone =
        main >= 0
            && main + 1 < args.size()
            && !ProcessHandle.of(parsePid(args.get(main + 1)))
                .map(ProcessHandle::isAlive)
                .orElse(false);
    boolean isOurs = args.contains(ours) && starterGone;
    if (isOurs) {
      ProcessHandle h = stale.get();
      System.out.println(
          "kafka      stopping the broker an earlier run left running (pid " + pid + ")");
      h.destroy();
      try {
        h.onExit().get(20, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        h.destroyForcibly();
        h.onExit().join();
      }
    }
    if (!(args.contains(ours) && !starterGone)) {
      Files.deleteIfExists(pidFile); // a running demo's broker keeps its record
    }
    return isOurs;
  }

  private static long parsePid(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * The command line of process {@code pid}, from {@code /proc} (whole, where {@link
   * ProcessHandle.Info#arguments()} may cut a long class path short), else from the JDK.
   */
  private static List<String> arguments(long pid) {
    Path cmdline = Path.of("/proc", Long.toString(pid), "cmdline");
    try {
      return List.of(
          new String(Files.readAllBytes(cmdline), java.nio.charset.StandardCharsets.UTF_8)
              .split("\0"));
    } catch (IOException e) {
      return ProcessHandle.of(pid)
          .flatMap(h -> h.info().arguments())
          .map(List::of)
          .orElse(List.of());
    }
  }

  /** Formats a fresh log directory, starts the broker and waits until it serves requests. */
  void start() throws IOException, InterruptedException {
    stopStale(dir);
    if (isListening(port)) {
      throw new IllegalStateException(
          "port " + port + " is taken: is another broker running? (use --kafka to use it)");
    }
    deleteRecursively(dir);
    Files.createDirectories(dir);
    Path props = dir.resolve("server.properties");
    Files.writeString(
        props,
        String.join(
            "\n",
            "process.roles=broker,controller",
            "node.id=1",
            "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
            "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
            "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
            "controller.listener.names=CONTROLLER",
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "log.dirs=" + dir.resolve("data").toAbsolutePath(),
            "num.partitions=1",
            "offsets.topic.replication.factor=1",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "group.initial.rebalance.delay.ms=0",
            ""));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("java.class.path");
    Path log = dir.resolve("broker.log");
    run(
        List.of(
            java,
            "-cp",
            cp,
            "kafka.tools.StorageTool",
            "format",
            "-t",
            Uuid.randomUuid().toString(),
            "-c",
            props.toString()),
        log);
    process =
        new ProcessBuilder(
                java,
                "-Xmx512m",
                "-Ddemo.log=" + dir.resolve("kafka-server.log").toAbsolutePath(),
                "-cp",
                cp,
                KafkaBrokerMain.class.getName(),
                Long.toString(watchedPid),
                props.toAbsolutePath().toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    Files.writeString(pidFile(dir), Long.toString(process.pid()));
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!isListening(port)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Kafka broker exited; see " + log);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Kafka broker did not start within 60 s; see " + log);
      }
      Thread.sleep(250);
    }
    LOG.info("Kafka broker up at {} (log {})", bootstrapServers(), log);
  }

  private static void run(List<String> command, Path log) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(
          "'" + command.get(3) + " " + command.get(4) + "' failed; see " + log);
    }
  }

  /**
   * Fails within a few seconds, in one line, when no Kafka broker answers at {@code
   * bootstrapServers}, rather than letting a producer wait a minute for metadata.
   */
  static void requireReachable(String bootstrapServers) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    try (Admin admin = Admin.create(p)) {
      admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reaching Kafka", e);
    } catch (Exception e) {
      throw new IllegalStateException(
          "Kafka at "
              + bootstrapServers
              + " did not answer within 5 s: is the broker running, and is --kafka"
              + " (KAFKA_BOOTSTRAP_SERVERS) right?",
          e);
    }
  }

  /** Creates the pipeline's topics that do not exist yet, with one partition each. */
  static void createTopics(String bootstrapServers) throws Exception {
    createTopics(bootstrapServers, 1);
  }

  /** Creates the pipeline's topics that do not exist yet. */
  static void createTopics(String bootstrapServers, int partitions) throws Exception {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    try (Admin admin = Admin.create(p)) {
      Set<String> existing;
      try {
        existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException(
            "Kafka at "
                + bootstrapServers
                + " did not answer within 10 s: is the broker running, and is --kafka right?",
            e);
      }
      List<NewTopic> missing = new ArrayList<>();
      for (String t : Topics.ALL) {
        if (!existing.contains(t)) {
          missing.add(new NewTopic(t, partitions, (short) 1).configs(Topics.config()));
        }
      }
      admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
    }
  }

  static boolean isListening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
    try {
      Files.deleteIfExists(pidFile(dir));
    } catch (IOException e) {
      LOG.warn("could not delete {}: {}", pidFile(dir), e.toString());
    }
  }

  private static void deleteRecursively(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (var walk = Files.walk(p)) {
      for (Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    }
  }
}

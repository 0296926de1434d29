package io.github.flinktrader.local;

/**
 * The local Kafka broker's entry point: Kafka's own, plus a watch on the process that started it.
 * When that process is gone (the demo's JVM was killed, so its shutdown hook never ran), the broker
 * shuts itself down cleanly instead of holding its ports until someone finds it.
 *
 * <p>Arguments: the process id to watch, then Kafka's arguments (the server properties file).
 */
public final class KafkaBrokerMain {

  private KafkaBrokerMain() {}

  public static void main(String[] args) throws Exception {
    long parent = Long.parseLong(args[0]);
    Thread watch =
        new Thread(
            () -> {
              while (ProcessHandle.of(parent).map(ProcessHandle::isAlive).orElse(false)) {
                try {
                  Thread.sleep(500);
                } catch (InterruptedException e) {
                  return;
                }
              }
              System.err.println("the process that started this broker is gone: shutting down");
              System.exit(0); // Kafka's shutdown hook stops the broker cleanly
            },
            "parent-watch");
    watch.setDaemon(true);
    watch.start();
    kafka.Kafka.main(java.util.Arrays.copyOfRange(args, 1, args.length));
  }
}

package io.github.flinktrader.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * API credentials, only ever from the environment or a mounted secret: the variable {@code NAME}
 * itself, a file named by {@code NAME_FILE}, or the file {@code name} (lower case, dashes) in the
 * directory {@code TRADING_SECRETS_DIR} (default {@code /etc/flink-trader/secrets}, where the
 * Kubernetes deployment mounts its Secret). Never from arguments or config files, and a {@link
 * Secret} prints as {@code ***}.
 */
public final class Secrets {

  public static final String DEFAULT_DIR = "/etc/flink-trader/secrets";

  private final Map<String, String> env;

  public Secrets(Map<String, String> env) {
    this.env = env;
  }

  public static Secrets fromEnvironment() {
    return new Secrets(System.getenv());
  }

  public Optional<Secret> find(String name) {
    String direct = env.get(name);
    if (direct != null && !direct.isBlank()) {
      return Optional.of(new Secret(direct.trim()));
    }
    String file = env.get(name + "_FILE");
    if (file != null && !file.isBlank()) {
      return Optional.of(read(Path.of(file)));
    }
    Path mounted =
        Path.of(env.getOrDefault("TRADING_SECRETS_DIR", DEFAULT_DIR))
            .resolve(name.toLowerCase().replace('_', '-'));
    return Files.isReadable(mounted) ? Optional.of(read(mounted)) : Optional.empty();
  }

  public Secret require(String name) {
    return find(name)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    name
                        + " is not set: export it, point "
                        + name
                        + "_FILE at a file holding it, or mount it under TRADING_SECRETS_DIR"));
  }

  private static Secret read(Path file) {
    try {
      return new Secret(Files.readString(file, StandardCharsets.UTF_8).trim());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read secret file " + file, e);
    }
  }

  /** A credential that does not show itself in logs, exceptions or {@code toString}. */
  public static final class Secret {
    private final String value;

    Secret(String value) {
      this.value = value;
    }

    public String reveal() {
      return value;
    }

    @Override
    public String toString() {
      return "***";
    }
  }
}

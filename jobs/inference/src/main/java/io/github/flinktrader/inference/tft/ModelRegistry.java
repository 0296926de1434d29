package io.github.flinktrader.inference.tft;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Versioned model artifacts in a directory: {@code <root>/<model>/v<N>/} holds the parameters, the
 * model card ({@code tft.json}: configuration, feature spec version, label scales, training data
 * range, metrics, git revision) and a copy of the feature spec with its normalisation statistics;
 * {@code <root>/<model>/approved} lists approved versions, one per line. The database table {@code
 * model_registry} mirrors it for queries.
 */
public final class ModelRegistry {

  /** The copy of the feature spec, with its normalisation statistics, beside each version. */
  public static final String SPEC_FILE = "feature-spec.json";

  private final Path root;

  public ModelRegistry(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  /** Versions of {@code model}, oldest first. */
  public List<String> versions(String model) throws IOException {
    Path dir = root.resolve(model);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .filter(n -> n.matches("v\\d+"))
          .sorted(Comparator.comparingInt(n -> Integer.parseInt(n.substring(1))))
          .toList();
    }
  }

  /** A new, empty version directory: {@code v1}, {@code v2}, ... */
  public Path newVersion(String model) throws IOException {
    List<String> existing = versions(model);
    int next =
        existing.isEmpty()
            ? 1
            : Integer.parseInt(existing.get(existing.size() - 1).substring(1)) + 1;
    Path dir = root.resolve(model).resolve("v" + next);
    Files.createDirectories(dir);
    return dir;
  }

  /** Saves {@code model} and the feature spec it reads into a version directory. */
  public static void store(
      Path dir, TftModel model, io.github.flinktrader.features.FeatureSpecFile spec)
      throws IOException {
    model.save(dir);
    Files.writeString(dir.resolve(SPEC_FILE), spec.toJson(), StandardCharsets.UTF_8);
  }

  public void approve(String model, String version) throws IOException {
    if (!Files.isDirectory(root.resolve(model).resolve(version))) {
      throw new IOException("no version " + version + " of " + model + " in " + root);
    }
    List<String> approved = new ArrayList<>(approved(model));
    if (!approved.contains(version)) {
      approved.add(version);
      Files.write(root.resolve(model).resolve("approved"), approved, StandardCharsets.UTF_8);
    }
  }

  public List<String> approved(String model) throws IOException {
    Path file = root.resolve(model).resolve("approved");
    return Files.exists(file)
        ? Files.readAllLines(file, StandardCharsets.UTF_8).stream()
            .filter(l -> !l.isBlank())
            .toList()
        : List.of();
  }

  /**
   * The directory of {@code version}, or of the latest approved version when {@code version} is
   * null.
   */
  public Path resolve(String model, String version) throws IOException {
    if (version != null) {
      Path dir = root.resolve(model).resolve(version);
      if (!Files.isDirectory(dir)) {
        throw new IOException("no version " + version + " of " + model + " in " + root);
      }
      return dir;
    }
    List<String> approved = approved(model);
    Optional<String> latest =
        versions(model).stream().filter(approved::contains).reduce((a, b) -> b);
    return root.resolve(model)
        .resolve(
            latest.orElseThrow(
                () -> new IOException("no approved version of " + model + " in " + root)));
  }
}

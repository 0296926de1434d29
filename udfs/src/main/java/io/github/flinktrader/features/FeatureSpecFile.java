package io.github.flinktrader.features;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.flinktrader.serde.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The feature specification as data ({@code features/core-2.json}): per feature its name, formula,
 * window and unit, plus the normalisation statistics fitted on a named data range. A model stores
 * the spec version it was trained on; {@link #normalize} applies the stored statistics.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeatureSpecFile(
    String version,
    int warmupBars,
    String description,
    Normalization normalization,
    List<Feature> features) {

  public static final String RESOURCE = "features/core-2.json";

  /**
   * How values are scaled for a model.
   *
   * @param method {@code zscore}: (x - mean) / std, with std 0 treated as 1
   * @param fittedOn the data the statistics come from
   * @param rows how many warm vectors they were computed over
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Normalization(String method, String fittedOn, Long rows) {}

  /** One feature; {@code mean} and {@code std} are null until fitted. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Feature(
      String name, String formula, int windowBars, String unit, Double mean, Double std) {}

  public static FeatureSpecFile load() {
    try (InputStream in = FeatureSpecFile.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the classpath");
      }
      return Json.mapper().readValue(in, FeatureSpecFile.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /** A spec file stored elsewhere, e.g. the copy beside a trained model. */
  public static FeatureSpecFile read(java.nio.file.Path file) throws IOException {
    try (InputStream in = java.nio.file.Files.newInputStream(file)) {
      return Json.mapper().readValue(in, FeatureSpecFile.class);
    }
  }

  public List<String> names() {
    return features.stream().map(Feature::name).toList();
  }

  /** The same spec with z-score statistics fitted on {@code warmVectors}. */
  public FeatureSpecFile withStatistics(List<double[]> warmVectors, String fittedOn) {
    int k = features.size();
    double[] mean = new double[k];
    double[] m2 = new double[k];
    long n = 0;
    for (double[] v : warmVectors) {
      n++;
      for (int i = 0; i < k; i++) {
        double d = v[i] - mean[i];
        mean[i] += d / n;
        m2[i] += d * (v[i] - mean[i]);
      }
    }
    List<Feature> fitted = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      Feature f = features.get(i);
      fitted.add(
          new Feature(
              f.name(),
              f.formula(),
              f.windowBars(),
              f.unit(),
              mean[i],
              n > 0 ? Math.sqrt(m2[i] / n) : 0));
    }
    return new FeatureSpecFile(
        version, warmupBars, description, new Normalization("zscore", fittedOn, n), fitted);
  }

  /** Scales a feature vector with the stored statistics. */
  public double[] normalize(double[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      Feature f = features.get(i);
      if (f.mean() == null || f.std() == null) {
        throw new IllegalStateException("spec " + version + " has no statistics for " + f.name());
      }
      double std = f.std() > 0 ? f.std() : 1;
      out[i] = (values[i] - f.mean()) / std;
    }
    return out;
  }

  public String toJson() {
    try {
      return Json.mapper()
              .writer()
              .with(SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(this)
          + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

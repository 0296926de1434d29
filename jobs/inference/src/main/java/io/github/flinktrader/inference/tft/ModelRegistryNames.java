package io.github.flinktrader.inference.tft;

/** Model names in the registry. */
public final class ModelRegistryNames {

  /** The Temporal Fusion Transformer: {@code <registry>/tft/v<N>}. */
  public static final String TFT = "tft";

  private ModelRegistryNames() {}
}

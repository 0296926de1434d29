package io.github.flinktrader.features;

import java.util.List;

/**
 * The features the pipeline computes, in vector order, with a version a model records so it knows
 * exactly what it was trained on. Changing a name, order or formula means a new version.
 */
public final class FeatureSpec {

  public static final String VERSION = "core/1";

  /** Bars needed before every feature is defined (30 one-bar returns need 31 closes). */
  public static final int WARMUP_BARS = 31;

  /**
   * Names in vector order. Formulas (c = close, v = volume, r1 = one-bar log return):
   *
   * <ul>
   *   <li>log_ret_1, log_ret_5, log_ret_15: ln(c_t / c_{t-k}), k bars back
   *   <li>realized_vol_30: sqrt(sum of r1^2 over the last 30 bars)
   *   <li>rsi_14: Wilder's RSI over 14 bars, 0..100
   *   <li>macd_norm: (EMA12(c) - EMA26(c)) / c
   *   <li>volume_z_30: (v - mean30(v)) / std30(v), 0 when std is 0
   *   <li>hl_range: (high - low) / c
   *   <li>vwap_dev: (c - vwap) / vwap
   *   <li>gap_minutes: minutes without trades between this bar and the previous one
   *   <li>minute_of_day: 0..1439, UTC
   *   <li>day_of_week: 1 (Monday) .. 7, UTC
   * </ul>
   */
  public static final List<String> NAMES =
      List.of(
          "log_ret_1",
          "log_ret_5",
          "log_ret_15",
          "realized_vol_30",
          "rsi_14",
          "macd_norm",
          "volume_z_30",
          "hl_range",
          "vwap_dev",
          "gap_minutes",
          "minute_of_day",
          "day_of_week");

  public static final int LOG_RET_1 = 0;
  public static final int LOG_RET_5 = 1;
  public static final int LOG_RET_15 = 2;
  public static final int REALIZED_VOL_30 = 3;
  public static final int RSI_14 = 4;
  public static final int MACD_NORM = 5;
  public static final int VOLUME_Z_30 = 6;
  public static final int HL_RANGE = 7;
  public static final int VWAP_DEV = 8;
  public static final int GAP_MINUTES = 9;
  public static final int MINUTE_OF_DAY = 10;
  public static final int DAY_OF_WEEK = 11;

  private FeatureSpec() {}

  public static int index(String name) {
    int i = NAMES.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("no feature named " + name + " in " + VERSION);
    }
    return i;
  }
}

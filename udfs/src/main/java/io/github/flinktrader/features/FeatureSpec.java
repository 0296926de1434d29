package io.github.flinktrader.features;

import java.util.List;

/**
 * The features the pipeline computes, in vector order, with a version a model records so it knows
 * exactly what it was trained on. Changing a name, order or formula means a new version. The full
 * specification (formula, window, unit, normalisation statistics) is the data file {@code
 * features/core-2.json} beside this class; {@link FeatureSpecFile} reads it.
 */
public final class FeatureSpec {

  public static final String VERSION = "core/2";

  /** Bars needed before every feature is defined (60-bar returns need 61 closes). */
  public static final int WARMUP_BARS = 61;

  public static final List<String> NAMES =
      List.of(
          "log_ret_1",
          "log_ret_5",
          "log_ret_15",
          "log_ret_30",
          "log_ret_60",
          "realized_vol_15",
          "realized_vol_30",
          "realized_vol_60",
          "rsi_14",
          "macd_line_norm",
          "macd_signal_norm",
          "macd_hist_norm",
          "sma_dev_20",
          "bollinger_pctb_20",
          "bollinger_width_20",
          "atr_14_norm",
          "hl_range",
          "close_location",
          "vwap_dev",
          "volume_z_30",
          "log_volume",
          "volume_ratio_5_30",
          "trades_z_30",
          "gap_minutes",
          "minute_of_day",
          "day_of_week",
          "minutes_to_session_close",
          "sentiment_bullish_60",
          "sentiment_bearish_60",
          "sentiment_neutral_60",
          "sentiment_mean_60",
          "sentiment_momentum_15_60",
          "realized_vol_ratio_15_60");

  public static final int LOG_RET_1 = 0;
  public static final int LOG_RET_5 = 1;
  public static final int LOG_RET_15 = 2;
  public static final int LOG_RET_30 = 3;
  public static final int LOG_RET_60 = 4;
  public static final int REALIZED_VOL_15 = 5;
  public static final int REALIZED_VOL_30 = 6;
  public static final int REALIZED_VOL_60 = 7;
  public static final int RSI_14 = 8;
  public static final int MACD_LINE = 9;
  public static final int MACD_SIGNAL = 10;
  public static final int MACD_HIST = 11;
  public static final int SMA_DEV_20 = 12;
  public static final int BOLLINGER_PCTB = 13;
  public static final int BOLLINGER_WIDTH = 14;
  public static final int ATR_14 = 15;
  public static final int HL_RANGE = 16;
  public static final int CLOSE_LOCATION = 17;
  public static final int VWAP_DEV = 18;
  public static final int VOLUME_Z_30 = 19;
  public static final int LOG_VOLUME = 20;
  public static final int VOLUME_RATIO = 21;
  public static final int TRADES_Z_30 = 22;
  public static final int GAP_MINUTES = 23;
  public static final int MINUTE_OF_DAY = 24;
  public static final int DAY_OF_WEEK = 25;
  public static final int MINUTES_TO_CLOSE = 26;
  public static final int SENTIMENT_BULLISH = 27;
  public static final int SENTIMENT_BEARISH = 28;
  public static final int SENTIMENT_NEUTRAL = 29;
  public static final int SENTIMENT_MEAN = 30;
  public static final int SENTIMENT_MOMENTUM = 31;
  public static final int VOL_RATIO_15_60 = 32;

  private FeatureSpec() {}
}

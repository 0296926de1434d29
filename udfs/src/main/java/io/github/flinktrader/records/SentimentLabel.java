package io.github.flinktrader.records;

/** Sentiment classes with fixed wire codes. */
public enum SentimentLabel {
  NEGATIVE(-1),
  NEUTRAL(0),
  POSITIVE(1);

  private final int code;

  SentimentLabel(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static SentimentLabel of(int code) {
    for (SentimentLabel l : values()) {
      if (l.code == code) {
        return l;
      }
    }
    throw new IllegalArgumentException("unknown sentiment code " + code);
  }
}

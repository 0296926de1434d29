package io.github.flinktrader.offline.data;

import java.io.IOException;
import java.io.InputStream;

/**
 * The 100,000 real Bitstamp BTC/USD trades of 2013-11-25 to 2013-12-01, as shipped in the
 * MIT-licensed {@code org.ta4j:ta4j-examples:0.18} artifact, which the build fetches from Maven
 * Central. Columns: {@code timestamp,price,amount} (epoch seconds).
 */
public final class BitstampSample {

  public static final String RESOURCE = "bitstamp_trades_from_20131125_usd.csv";
  public static final String SYMBOL = "BTCUSD";
  public static final String SOURCE = "bitstamp-replay";

  private BitstampSample() {}

  public static InputStream open() throws IOException {
    InputStream in = BitstampSample.class.getClassLoader().getResourceAsStream(RESOURCE);
    if (in == null) {
      throw new IOException(RESOURCE + " is not on the classpath (org.ta4j:ta4j-examples)");
    }
    return in;
  }
}

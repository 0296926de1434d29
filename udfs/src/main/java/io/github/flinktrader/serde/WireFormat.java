package io.github.flinktrader.serde;

import io.github.flinktrader.records.Event;
import io.github.flinktrader.records.FeatureVector;
import io.github.flinktrader.records.MinuteBar;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * How records are written to and read from Kafka. Most records are JSON ({@link Json}). Feature
 * vectors and minute bars, the two busiest topics, are binary: the 33 doubles of a vector as JSON
 * text took a fifth of the features job's time, and parsing the bars' JSON most of its sources'
 * time. Readers accept both forms on every topic, told apart by the first byte, so a topic written
 * partly by an older producer (or by hand, as JSON) still reads.
 *
 * <p>Binary layout (version 1): the marker byte {@code 0xFB} (never the first byte of UTF-8 text,
 * so never of JSON), the format version, a type byte, then the record. A feature vector ({@code
 * 'F'}) is symbol (modified UTF-8), bar end (long), spec version (modified UTF-8), close (a decimal
 * as {@link MinuteBarSerializer} writes one, exact), warm (boolean), the number of values (int, -1
 * for none) and the values (IEEE 754 doubles). A minute bar ({@code 'B'}) is symbol (modified
 * UTF-8), start and end (longs), open, high, low, close, volume and vwap (decimals) and trades
 * (int). Numbers are big-endian throughout. Reading never allocates more than the payload holds, so
 * a damaged length is an error, not an out-of-memory.
 */
public final class WireFormat {

  /** The first byte of every binary payload. */
  public static final byte BINARY_MARKER = (byte) 0xFB;

  static final byte VERSION = 1;
  static final byte FEATURE_VECTOR = 'F';
  static final byte MINUTE_BAR = 'B';

  private static final ThreadLocal<DataOutputSerializer> BUFFER =
      ThreadLocal.withInitial(() -> new DataOutputSerializer(512));

  private WireFormat() {}

  /** True when {@code payload} is in the binary form. */
  public static boolean isBinary(byte[] payload) {
    return payload.length > 0 && payload[0] == BINARY_MARKER;
  }

  /**
   * The payload for {@code event}: binary for feature vectors and minute bars, JSON for everything
   * else.
   */
  public static byte[] write(Event event) {
    if (!(event instanceof FeatureVector || event instanceof MinuteBar)) {
      return Json.write(event);
    }
    DataOutputSerializer out = BUFFER.get();
    out.clear();
    try {
      out.writeByte(BINARY_MARKER);
      out.writeByte(VERSION);
      if (event instanceof FeatureVector vector) {
        out.writeByte(FEATURE_VECTOR);
        writeFeatureVector(vector, out);
      } else {
        out.writeByte(MINUTE_BAR);
        writeMinuteBar((MinuteBar) event, out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + event.key() + "@" + event.eventTime(), e);
    }
    return out.getCopyOfBuffer();
  }

  /**
   * Reads a payload written by {@link #write} (binary) or as JSON.
   *
   * @throws IOException when the payload is neither well-formed JSON nor a well-formed binary
   *     record of {@code type}, with the reason
   */
  public static <T> T read(byte[] payload, Class<T> type) throws IOException {
    if (!isBinary(payload)) {
      return Json.read(payload, type);
    }
    DataInputDeserializer in = new DataInputDeserializer(payload);
    try {
      in.skipBytesToRead(1);
      byte version = in.readByte();
      if (version != VERSION) {
        throw new IOException(
            "binary format version "
                + version
                + " is not the one this reader knows ("
                + VERSION
                + ")");
      }
      byte tag = in.readByte();
      Object record;
      if (tag == FEATURE_VECTOR && type == FeatureVector.class) {
        record = readFeatureVector(in);
      } else if (tag == MINUTE_BAR && type == MinuteBar.class) {
        record = readMinuteBar(in);
      } else {
        throw new IOException(
            "binary payload of type '"
                + (char) tag
                + "' where a "
                + type.getSimpleName()
                + " was expected");
      }
      T value = type.cast(record);
      if (in.available() > 0) {
        throw new IOException(in.available() + " bytes after the end of the record");
      }
      return value;
    } catch (EOFException e) {
      throw new IOException("binary payload ends early (" + payload.length + " bytes)", e);
    }
  }

  private static void writeMinuteBar(MinuteBar bar, DataOutputSerializer out) throws IOException {
    out.writeUTF(bar.symbol());
    out.writeLong(bar.start());
    out.writeLong(bar.end());
    MinuteBarSerializer.writeDecimal(bar.open(), out);
    MinuteBarSerializer.writeDecimal(bar.high(), out);
    MinuteBarSerializer.writeDecimal(bar.low(), out);
    MinuteBarSerializer.writeDecimal(bar.close(), out);
    MinuteBarSerializer.writeDecimal(bar.volume(), out);
    MinuteBarSerializer.writeDecimal(bar.vwap(), out);
    out.writeInt(bar.trades());
  }

  private static void writeFeatureVector(FeatureVector v, DataOutputSerializer out)
      throws IOException {
    out.writeUTF(v.symbol());
    out.writeLong(v.barEnd());
    out.writeUTF(v.specVersion());
    MinuteBarSerializer.writeDecimal(v.close(), out);
    out.writeBoolean(v.warm());
    double[] values = v.values();
    if (values == null) {
      out.writeInt(-1);
      return;
    }
    out.writeInt(values.length);
    for (double x : values) {
      out.writeDouble(x);
    }
  }

  private static MinuteBar readMinuteBar(DataInputDeserializer in) throws IOException {
    return new MinuteBar(
        in.readUTF(),
        in.readLong(),
        in.readLong(),
        decimal(in),
        decimal(in),
        decimal(in),
        decimal(in),
        decimal(in),
        decimal(in),
        in.readInt());
  }

  private static BigDecimal decimal(DataInputDeserializer in) throws IOException {
    return MinuteBarSerializer.readDecimal(in, in.available());
  }

  private static FeatureVector readFeatureVector(DataInputDeserializer in) throws IOException {
    String symbol = in.readUTF();
    long barEnd = in.readLong();
    String specVersion = in.readUTF();
    BigDecimal close = decimal(in);
    boolean warm = in.readBoolean();
    int n = in.readInt();
    double[] values = null;
    if (n >= 0) {
      if ((long) n * Double.BYTES > in.available()) {
        throw new IOException(
            n + " values announced but " + in.available() + " bytes left in the payload");
      }
      values = new double[n];
      for (int i = 0; i < n; i++) {
        values[i] = in.readDouble();
      }
    } else if (n != -1) {
      throw new IOException("negative number of values: " + n);
    }
    return new FeatureVector(symbol, barEnd, specVersion, close, values, warm);
  }
}

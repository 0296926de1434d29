package io.github.flinktrader.serde;

import io.github.flinktrader.records.MinuteBar;
import java.io.IOException;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Flink's serializer for {@link MinuteBar}, the record every bar crosses the network and waits in
 * state as. The POJO serializer writes each of a bar's six decimals as a {@code BigInteger}'s bytes
 * and reads it back through a new {@code BigInteger}: a fifth of the features operator's time in
 * the benchmark. Here a decimal whose unscaled value fits in a long (every price and volume seen in
 * practice) is its scale and that long, read back without a {@code BigInteger}; any other is
 * written whole, so nothing is ever rounded.
 *
 * <p>Layout (version 1): symbol, start, end, open, high, low, close, volume, vwap, trades; a
 * decimal (also used by {@link WireFormat}) is a tag byte (0 null, 1 compact: int scale and long
 * unscaled value, 2 large: int scale, int length and the unscaled value's two's-complement bytes).
 */
public final class MinuteBarSerializer extends TypeSerializerSingleton<MinuteBar> {

  private static final long serialVersionUID = 1L;

  public static final MinuteBarSerializer INSTANCE = new MinuteBarSerializer();

  private static final byte NULL = 0;
  private static final byte COMPACT = 1;
  private static final byte LARGE = 2;

  @Override
  public boolean isImmutableType() {
    return true;
  }

  @Override
  public MinuteBar createInstance() {
    return null;
  }

  @Override
  public MinuteBar copy(MinuteBar from) {
    return from;
  }

  @Override
  public MinuteBar copy(MinuteBar from, MinuteBar reuse) {
    return from;
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(MinuteBar bar, DataOutputView out) throws IOException {
    StringValue.writeString(bar.symbol(), out);
    out.writeLong(bar.start());
    out.writeLong(bar.end());
    writeDecimal(bar.open(), out);
    writeDecimal(bar.high(), out);
    writeDecimal(bar.low(), out);
    writeDecimal(bar.close(), out);
    writeDecimal(bar.volume(), out);
    writeDecimal(bar.vwap(), out);
    out.writeInt(bar.trades());
  }

  @Override
  public MinuteBar deserialize(DataInputView in) throws IOException {
    return new MinuteBar(
        StringValue.readString(in),
        in.readLong(),
        in.readLong(),
        readDecimal(in),
        readDecimal(in),
        readDecimal(in),
        readDecimal(in),
        readDecimal(in),
        readDecimal(in),
        in.readInt());
  }

  @Override
  public MinuteBar deserialize(MinuteBar reuse, DataInputView in) throws IOException {
    return deserialize(in);
  }

  @Override
  public void copy(DataInputView in, DataOutputView out) throws IOException {
    serialize(deserialize(in), out);
  }

  static void writeDecimal(BigDecimal d, DataOutputView out) throws IOException {
    if (d == null) {
      out.writeByte(NULL);
      return;
    }
    BigInteger unscaled = d.unscaledValue();
    if (unscaled.bitLength() < Long.SIZE) {
      out.writeByte(COMPACT);
      out.writeInt(d.scale());
      out.writeLong(unscaled.longValue());
    } else {
      byte[] bytes = unscaled.toByteArray();
      out.writeByte(LARGE);
      out.writeInt(d.scale());
      out.writeInt(bytes.length);
      out.write(bytes);
    }
  }

  static BigDecimal readDecimal(DataInputView in) throws IOException {
    return readDecimal(in, Integer.MAX_VALUE);
  }

  /**
   * As above, refusing a large decimal longer than {@code maxBytes}: for payloads from outside,
   * where a damaged length must not become a huge allocation.
   */
  static BigDecimal readDecimal(DataInputView in, int maxBytes) throws IOException {
    byte tag = in.readByte();
    switch (tag) {
      case NULL:
        return null;
      case COMPACT:
        {
          int scale = in.readInt();
          return BigDecimal.valueOf(in.readLong(), scale);
        }
      case LARGE:
        {
          int scale = in.readInt();
          int length = in.readInt();
          if (length <= 0 || length > maxBytes) {
            throw new IOException("corrupt decimal: length " + length);
          }
          byte[] bytes = new byte[length];
          in.readFully(bytes);
          return new BigDecimal(new BigInteger(bytes), scale);
        }
      default:
        throw new IOException("corrupt decimal: unknown decimal tag " + tag);
    }
  }

  @Override
  public TypeSerializerSnapshot<MinuteBar> snapshotConfiguration() {
    return new Snapshot();
  }

  /**
   * Restores this serializer from checkpoints and savepoints. State written by the POJO serializer
   * before this one existed is migrated on restore: read with the POJO serializer, written
   * compactly.
   */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<MinuteBar> {
    public Snapshot() {
      super(() -> INSTANCE);
    }

    @Override
    public TypeSerializerSchemaCompatibility<MinuteBar> resolveSchemaCompatibility(
        TypeSerializerSnapshot<MinuteBar> old) {
      if (old instanceof PojoSerializerSnapshot) {
        return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
      }
      return super.resolveSchemaCompatibility(old);
    }
  }

  /** Type information that makes Flink use {@link MinuteBarSerializer} for minute bars. */
  public static final class Info extends TypeInformation<MinuteBar> {

    private static final long serialVersionUID = 1L;

    @Override
    public boolean isBasicType() {
      return false;
    }

    @Override
    public boolean isTupleType() {
      return false;
    }

    @Override
    public int getArity() {
      return 1;
    }

    @Override
    public int getTotalFields() {
      return 1;
    }

    @Override
    public Class<MinuteBar> getTypeClass() {
      return MinuteBar.class;
    }

    @Override
    public boolean isKeyType() {
      return false;
    }

    @Override
    public TypeSerializer<MinuteBar> createSerializer(SerializerConfig config) {
      return INSTANCE;
    }

    @Override
    public String toString() {
      return "MinuteBar";
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Info;
    }

    @Override
    public int hashCode() {
      return Info.class.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
      return o instanceof Info;
    }
  }

  /** Named by {@link MinuteBar}'s {@code @TypeInfo} annotation. */
  public static final class Factory extends TypeInfoFactory<MinuteBar> {
    @Override
    public TypeInformation<MinuteBar> createTypeInfo(
        Type t, Map<String, TypeInformation<?>> genericParameters) {
      return new Info();
    }
  }
}

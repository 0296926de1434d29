package io.github.flinktrader.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.api.common.typeutils.base.array.BytePrimitiveArraySerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * Typed state values: written by Flink's serializers, read back equal; what release 0.1.0 wrote
 * (JSON through the byte-array serializer) read into the same type; the snapshot restores the
 * serializer and accepts 0.1.0's.
 */
class TypedStateSerializerTest {

  /** A state type as the jobs have them: a POJO with a decimal, a list and a map of POJOs. */
  public static final class Book {
    public String name;
    public BigDecimal cash = BigDecimal.ZERO;
    public List<Long> times = new ArrayList<>();
    public Map<String, Entry> entries = new HashMap<>();
  }

  /** A nested POJO. */
  public static final class Entry {
    public BigDecimal position;
    public boolean halted;

    public Entry() {}

    Entry(String position, boolean halted) {
      this.position = new BigDecimal(position);
      this.halted = halted;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Entry e
          && java.util.Objects.equals(position, e.position)
          && halted == e.halted;
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(position, halted);
    }
  }

  /** An element of a held list. */
  public record Item(String symbol, long time, BigDecimal price) {}

  private static <T> TypeSerializer<T> pojo(Class<T> type) {
    return TypeInformation.of(type).createSerializer(new SerializerConfigImpl());
  }

  private static Book book() {
    Book b = new Book();
    b.name = "paper";
    b.cash = new BigDecimal("-1234.5600");
    b.times.add(1L);
    b.times.add(2L);
    b.entries.put("BTCUSD", new Entry("10.5", false));
    b.entries.put("ETHUSD", new Entry("-3", true));
    return b;
  }

  private static <T> byte[] write(TypeSerializer<T> s, T value) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(64);
    s.serialize(value, out);
    return out.getCopyOfBuffer();
  }

  private static <T> T read(TypeSerializer<T> s, byte[] bytes) throws IOException {
    return s.deserialize(new DataInputDeserializer(bytes));
  }

  /** What 0.1.0 stored: the value's JSON through Flink's byte-array serializer. */
  private static byte[] legacy(Object value) throws IOException {
    return write(BytePrimitiveArraySerializer.INSTANCE, Json.write(value));
  }

  @Test
  void aValueRoundTripsTypedAndReadsFromTheOldJson() throws Exception {
    TypedStateSerializer<Book> s = TypedStateSerializer.of(pojo(Book.class), Book.class);
    Book b = book();
    byte[] typed = write(s, b);
    assertThat(new DataInputDeserializer(typed).readInt()).isEqualTo(TypedStateSerializer.TYPED);
    assertThat(read(s, typed)).usingRecursiveComparison().isEqualTo(b);
    assertThat(read(s, legacy(b))).usingRecursiveComparison().isEqualTo(b);
    // Typed bytes are not JSON: the POJO serializer's, smaller than the JSON here.
    assertThat(typed.length).isLessThan(legacy(b).length);
    assertThat(s.copy(b)).usingRecursiveComparison().isEqualTo(b).isNotSameAs(b);
  }

  @Test
  void aHeldListRoundTripsTypedAndReadsFromTheOldJsonArray() throws Exception {
    TypedStateSerializer<List<Item>> s = TypedStateSerializer.listOf(pojo(Item.class), Item.class);
    List<Item> items =
        List.of(new Item("BTCUSD", 1, new BigDecimal("100.25")), new Item("ETHUSD", 2, null));
    assertThat(read(s, write(s, new ArrayList<>(items)))).containsExactlyElementsOf(items);
    List<Item> old = read(s, legacy(items.toArray(new Item[0])));
    assertThat(old).containsExactlyElementsOf(items);
    old.add(new Item("X", 3, BigDecimal.ONE)); // what is read back can be added to
    assertThat(read(s, write(s, new ArrayList<>()))).isEmpty();
  }

  @Test
  void aDamagedValueIsAnErrorNotAGuess() {
    TypedStateSerializer<Book> s = TypedStateSerializer.of(pojo(Book.class), Book.class);
    assertThatThrownBy(() -> read(s, new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, -7}))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("neither typed nor JSON");
    assertThatThrownBy(() -> read(s, new byte[] {0, 0, 0, 5, '{', '"'}))
        .isInstanceOf(IOException.class);
  }

  @Test
  void theSnapshotRestoresTheSerializerAndAcceptsTheOldByteArraySerializer() throws Exception {
    TypedStateSerializer<Book> s = TypedStateSerializer.of(pojo(Book.class), Book.class);
    TypeSerializerSnapshot<Book> snapshot = s.snapshotConfiguration();
    DataOutputSerializer out = new DataOutputSerializer(256);
    TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
    TypeSerializerSnapshot<Book> back =
        TypeSerializerSnapshot.readVersionedSnapshot(
            new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
    TypeSerializer<Book> restored = back.restoreSerializer();
    assertThat(restored).isEqualTo(s);
    assertThat(read(restored, write(s, book()))).usingRecursiveComparison().isEqualTo(book());

    assertThat(s.snapshotConfiguration().resolveSchemaCompatibility(back).isCompatibleAsIs())
        .isTrue();
    @SuppressWarnings({"unchecked", "rawtypes"})
    TypeSerializerSnapshot<Book> bytes =
        (TypeSerializerSnapshot) BytePrimitiveArraySerializer.INSTANCE.snapshotConfiguration();
    assertThat(s.snapshotConfiguration().resolveSchemaCompatibility(bytes).isCompatibleAsIs())
        .isTrue();
    @SuppressWarnings({"unchecked", "rawtypes"})
    TypeSerializerSnapshot<Book> text =
        (TypeSerializerSnapshot) StringSerializer.INSTANCE.snapshotConfiguration();
    TypeSerializerSchemaCompatibility<Book> other =
        s.snapshotConfiguration().resolveSchemaCompatibility(text);
    assertThat(other.isIncompatible()).isTrue();
    // A list of another element type is another state.
    TypedStateSerializer<List<Item>> list =
        TypedStateSerializer.listOf(pojo(Item.class), Item.class);
    assertThat(list).isNotEqualTo(s);
  }
}

package io.github.flinktrader.serde;

import java.io.IOException;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.typeutils.CompositeTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.ListSerializer;
import org.apache.flink.api.common.typeutils.base.array.BytePrimitiveArraySerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The serializer of a state value that release 0.1.0 kept as JSON in a byte array: values are
 * written by a typed Flink serializer (a POJO's, a list's), and what 0.1.0 wrote still reads, so
 * its savepoints restore without a migration step.
 *
 * <p>0.1.0's byte-array serializer wrote an int length, then the JSON. Here every value starts with
 * the int {@value #TYPED} (a length is never negative), then the typed serializer's bytes; a value
 * that starts with a length is 0.1.0's JSON, read with {@link Json} into the same type. The
 * snapshot declares the byte-array serializer's snapshot compatible as is, so a restore keeps the
 * stored bytes and each value is read in its own format when it is next used; it is written typed
 * from then on. This relies on the backend reading stored bytes with the current serializer, as
 * RocksDB (the jobs' backend, {@code Pipelines.configuration}) does.
 *
 * @param <T> the state value's type
 */
public final class TypedStateSerializer<T> extends TypeSerializer<T> {

  private static final long serialVersionUID = 1L;

  static final int TYPED = -1;

  private final TypeSerializer<T> typed;
  private final Class<?> jsonType;
  private final boolean jsonArray;

  private TypedStateSerializer(TypeSerializer<T> typed, Class<?> jsonType, boolean jsonArray) {
    this.typed = typed;
    this.jsonType = jsonType;
    this.jsonArray = jsonArray;
  }

  /** For a value that 0.1.0 wrote as the JSON of {@code type} itself. */
  public static <T> TypedStateSerializer<T> of(TypeSerializer<T> typed, Class<T> type) {
    return new TypedStateSerializer<>(typed, type, false);
  }

  /** For a list that 0.1.0 wrote as a JSON array of {@code element}. */
  public static <E> TypedStateSerializer<List<E>> listOf(
      TypeSerializer<E> element, Class<E> elementType) {
    return new TypedStateSerializer<>(new ListSerializer<>(element), elementType, true);
  }

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public TypeSerializer<T> duplicate() {
    TypeSerializer<T> d = typed.duplicate();
    return d == typed ? this : new TypedStateSerializer<>(d, jsonType, jsonArray);
  }

  @Override
  public T createInstance() {
    return typed.createInstance();
  }

  @Override
  public T copy(T from) {
    return typed.copy(from);
  }

  @Override
  public T copy(T from, T reuse) {
    return typed.copy(from, reuse);
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(T value, DataOutputView out) throws IOException {
    out.writeInt(TYPED);
    typed.serialize(value, out);
  }

  @Override
  public T deserialize(DataInputView in) throws IOException {
    int head = in.readInt();
    if (head == TYPED) {
      return typed.deserialize(in);
    }
    return fromJson(head, in);
  }

  @Override
  public T deserialize(T reuse, DataInputView in) throws IOException {
    int head = in.readInt();
    if (head == TYPED) {
      return typed.deserialize(reuse, in);
    }
    return fromJson(head, in);
  }

  @SuppressWarnings("unchecked")
  private T fromJson(int length, DataInputView in) throws IOException {
    if (length < 0) {
      throw new IOException("corrupt state value: neither typed nor JSON (head " + length + ")");
    }
    byte[] json = new byte[length];
    in.readFully(json);
    if (!jsonArray) {
      return (T) Json.read(json, jsonType);
    }
    Object[] array = (Object[]) Json.read(json, Array.newInstance(jsonType, 0).getClass());
    return (T) new ArrayList<>(Arrays.asList(array));
  }

  @Override
  public void copy(DataInputView in, DataOutputView out) throws IOException {
    serialize(deserialize(in), out);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TypedStateSerializer<?> s
        && typed.equals(s.typed)
        && jsonType.equals(s.jsonType)
        && jsonArray == s.jsonArray;
  }

  @Override
  public int hashCode() {
    return Objects.hash(typed, jsonType, jsonArray);
  }

  @Override
  public TypeSerializerSnapshot<T> snapshotConfiguration() {
    return new Snapshot<>(this);
  }

  /**
   * Keeps the typed serializer's own snapshot (so the typed format may evolve, a POJO gaining a
   * field say) and the JSON type; accepts the byte-array serializer of 0.1.0 as is.
   *
   * @param <T> the state value's type
   */
  public static final class Snapshot<T>
      extends CompositeTypeSerializerSnapshot<T, TypedStateSerializer<T>> {

    private Class<?> jsonType;
    private boolean jsonArray;

    public Snapshot() {}

    Snapshot(TypedStateSerializer<T> serializer) {
      super(serializer);
      this.jsonType = serializer.jsonType;
      this.jsonArray = serializer.jsonArray;
    }

    @Override
    protected int getCurrentOuterSnapshotVersion() {
      return 1;
    }

    @Override
    protected TypeSerializer<?>[] getNestedSerializers(TypedStateSerializer<T> outer) {
      return new TypeSerializer<?>[] {outer.typed};
    }

    @Override
    @SuppressWarnings("unchecked")
    protected TypedStateSerializer<T> createOuterSerializerWithNestedSerializers(
        TypeSerializer<?>[] nested) {
      return new TypedStateSerializer<>((TypeSerializer<T>) nested[0], jsonType, jsonArray);
    }

    @Override
    protected void writeOuterSnapshot(DataOutputView out) throws IOException {
      out.writeUTF(jsonType.getName());
      out.writeBoolean(jsonArray);
    }

    @Override
    protected void readOuterSnapshot(int version, DataInputView in, ClassLoader classLoader)
        throws IOException {
      String name = in.readUTF();
      try {
        jsonType = Class.forName(name, false, classLoader);
      } catch (ClassNotFoundException e) {
        throw new IOException("state type " + name + " is not on the classpath", e);
      }
      jsonArray = in.readBoolean();
    }

    @Override
    protected OuterSchemaCompatibility resolveOuterSchemaCompatibility(
        TypeSerializerSnapshot<T> old) {
      return old instanceof Snapshot<T> s && s.jsonType == jsonType && s.jsonArray == jsonArray
          ? OuterSchemaCompatibility.COMPATIBLE_AS_IS
          : OuterSchemaCompatibility.INCOMPATIBLE;
    }

    @Override
    public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(
        TypeSerializerSnapshot<T> old) {
      if ((Object) old
          instanceof BytePrimitiveArraySerializer.BytePrimitiveArraySerializerSnapshot) {
        return TypeSerializerSchemaCompatibility.compatibleAsIs();
      }
      return super.resolveSchemaCompatibility(old);
    }
  }
}

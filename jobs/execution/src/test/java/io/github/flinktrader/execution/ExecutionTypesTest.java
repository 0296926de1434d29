package io.github.flinktrader.execution;

import static io.github.flinktrader.execution.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.execution.alpaca.AlpacaSession;
import io.github.flinktrader.records.ControlCommand;
import io.github.flinktrader.records.Order;
import io.github.flinktrader.records.Side;
import io.github.flinktrader.serde.Json;
import io.github.flinktrader.serde.TypedStateSerializer;
import java.math.BigDecimal;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.array.BytePrimitiveArraySerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

/**
 * The execution job's internal record types: through Flink's serializers (between operators)
 * without Kryo, and through the JSON that holds them in state (held inputs, the Alpaca session).
 */
class ExecutionTypesTest {

  @Test
  void streamRecordsRoundTripThroughFlinkSerializersWithoutKryo() throws Exception {
    PojoTestUtils.assertSerializedAsPojoWithoutKryo(GateInput.class);
    PojoTestUtils.assertSerializedAsPojoWithoutKryo(BrokerInput.class);
    PojoTestUtils.assertSerializedAsPojoWithoutKryo(ClosedTrade.class);
    GateInput forecast = GateInput.of("paper", Fixtures.forecast(1, 0.5, 0.1, false));
    GateInput bar = GateInput.of("paper", Fixtures.bar(1, "100"));
    GateInput command =
        GateInput.of(
            new ControlCommand(
                "paper",
                ControlCommand.Kind.UNFILLED,
                "BTCUSD",
                T0,
                0,
                "broker:simulated@r",
                "EXPIRED x: 1 not filled",
                BigDecimal.ONE));
    for (GateInput g : new GateInput[] {forecast, bar, command}) {
      assertThat(roundTrip(g)).isEqualTo(g);
      assertThat(roundTrip(HELD_GATE, new java.util.ArrayList<>(List.of(g)))).containsExactly(g);
      assertThat(fromRelease010(HELD_GATE, List.of(g))).containsExactly(g);
    }
    BrokerInput order =
        new BrokerInput(Fixtures.order("a", 1, Side.BUY, "7").asIceberg(new BigDecimal("2")), null);
    BrokerInput barInput = new BrokerInput(null, Fixtures.bar(2, "101"));
    for (BrokerInput b : new BrokerInput[] {order, barInput}) {
      assertThat(roundTrip(b)).isEqualTo(b);
      assertThat(roundTrip(HELD_BROKER, new java.util.ArrayList<>(List.of(b)))).containsExactly(b);
      assertThat(fromRelease010(HELD_BROKER, List.of(b))).containsExactly(b);
    }
    ClosedTrade t = new ClosedTrade("BTCUSD", T0, "a", BigDecimal.ONE, new BigDecimal("-1.5"));
    assertThat(roundTrip(t)).isEqualTo(t);
  }

  @Test
  void theAlpacaSessionStateSurvivesItsStateSerializerAndRelease010sJson() throws Exception {
    AlpacaSession.State s = new AlpacaSession.State();
    Order parent =
        Order.market("ice", "BTCUSD", T0, Side.SELL, new BigDecimal("5"))
            .asIceberg(new BigDecimal("2"));
    s.icebergs.put("ice", parent);
    s.tracked.put(
        "ice-1",
        new AlpacaSession.Tracked(
            parent.child(1), new BigDecimal("1"), new BigDecimal("100.5"), "partially_filled"));
    s.baseline = new java.util.TreeMap<>(java.util.Map.of("BTC/USD", new BigDecimal("0.5")));
    s.netFills.put("BTCUSD", new BigDecimal("-1"));
    PojoTestUtils.assertSerializedAsPojoWithoutKryo(AlpacaSession.State.class);
    for (AlpacaSession.State back : List.of(roundTrip(SESSION, s), fromRelease010(SESSION, s))) {
      // Read back, the maps are sorted again: the session works its orders in key order.
      assertThat(back.sorted()).usingRecursiveComparison().isEqualTo(s);
      assertThat(back.tracked).isInstanceOf(java.util.TreeMap.class);
    }
  }

  @Test
  void theRiskBookIsAPojoWithoutKryo() {
    PojoTestUtils.assertSerializedAsPojoWithoutKryo(RiskBook.class);
  }

  static final TypeSerializer<List<GateInput>> HELD_GATE =
      TypedStateSerializer.listOf(
          TypeInformation.of(GateInput.class).createSerializer(new SerializerConfigImpl()),
          GateInput.class);

  static final TypeSerializer<List<BrokerInput>> HELD_BROKER =
      TypedStateSerializer.listOf(
          TypeInformation.of(BrokerInput.class).createSerializer(new SerializerConfigImpl()),
          BrokerInput.class);

  @Test
  void heldInputsAreAppliedInTheirReplayOrderWhateverOrderTheyArrivedIn() {
    GateInput ethBar = GateInput.of("paper", UpgradeScenario.bar("ETHUSD", 1, "100", "1"));
    GateInput btcBar = GateInput.of("paper", UpgradeScenario.bar("BTCUSD", 1, "100", "1"));
    GateInput alert =
        GateInput.of(
            new ControlCommand(
                "paper",
                ControlCommand.Kind.HALT_SYMBOL,
                "BTCUSD",
                T0,
                0,
                "rule:price-move@r",
                "moved"));
    GateInput btcLow = GateInput.of("paper", UpgradeScenario.forecast("BTCUSD", 1, -0.01));
    GateInput btcHigh = GateInput.of("paper", UpgradeScenario.forecast("BTCUSD", 1, 0.01));
    GateInput eth = GateInput.of("paper", UpgradeScenario.forecast("ETHUSD", 1, 0.01));
    List<GateInput> expected = List.of(btcBar, ethBar, alert, btcLow, btcHigh, eth);
    for (int seed = 0; seed < 20; seed++) {
      List<GateInput> shuffled = new java.util.ArrayList<>(expected);
      java.util.Collections.shuffle(shuffled, new java.util.Random(seed));
      shuffled.sort(GateInput.REPLAY_ORDER);
      assertThat(shuffled).containsExactlyElementsOf(expected);
    }
    BrokerInput order = new BrokerInput(Fixtures.order("b", 1, Side.BUY, "1"), null);
    BrokerInput first = new BrokerInput(Fixtures.order("a", 1, Side.BUY, "1"), null);
    BrokerInput bar = new BrokerInput(null, Fixtures.bar(1, "100"));
    List<BrokerInput> broker = new java.util.ArrayList<>(List.of(bar, order, first));
    broker.sort(BrokerInput.REPLAY_ORDER);
    assertThat(broker).containsExactly(first, order, bar);
  }

  /** The risk gate's book as its state holds it. */
  static final TypeSerializer<RiskBook> BOOK =
      TypedStateSerializer.of(
          TypeInformation.of(RiskBook.class).createSerializer(new SerializerConfigImpl()),
          RiskBook.class);

  static final TypeSerializer<AlpacaSession.State> SESSION =
      TypedStateSerializer.of(
          TypeInformation.of(AlpacaSession.State.class)
              .createSerializer(new SerializerConfigImpl()),
          AlpacaSession.State.class);

  /** {@code value} through {@code s} and back. */
  static <T> T roundTrip(TypeSerializer<T> s, T value) throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(256);
    s.serialize(value, out);
    return s.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
  }

  /** {@code value} as release 0.1.0 stored it (JSON in a byte array), read by {@code s}. */
  static <T> T fromRelease010(TypeSerializer<T> s, T value) throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(256);
    BytePrimitiveArraySerializer.INSTANCE.serialize(Json.write(value), out);
    return s.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T value) throws Exception {
    TypeSerializer<T> s =
        (TypeSerializer<T>)
            TypeInformation.of(value.getClass()).createSerializer(new SerializerConfigImpl());
    DataOutputSerializer out = new DataOutputSerializer(256);
    s.serialize(value, out);
    return s.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
  }
}

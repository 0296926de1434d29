package io.github.flinktrader.execution;

import static io.github.flinktrader.execution.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.execution.alpaca.AlpacaSession;
import io.github.flinktrader.records.ControlCommand;
import io.github.flinktrader.records.Order;
import io.github.flinktrader.records.Side;
import io.github.flinktrader.serde.Json;
import java.math.BigDecimal;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
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
      assertThat(Json.read(Json.write(new GateInput[] {g}), GateInput[].class)).containsExactly(g);
    }
    BrokerInput order =
        new BrokerInput(Fixtures.order("a", 1, Side.BUY, "7").asIceberg(new BigDecimal("2")), null);
    BrokerInput barInput = new BrokerInput(null, Fixtures.bar(2, "101"));
    for (BrokerInput b : new BrokerInput[] {order, barInput}) {
      assertThat(roundTrip(b)).isEqualTo(b);
      assertThat(Json.read(Json.write(new BrokerInput[] {b}), BrokerInput[].class))
          .containsExactly(b);
    }
    ClosedTrade t = new ClosedTrade("BTCUSD", T0, "a", BigDecimal.ONE, new BigDecimal("-1.5"));
    assertThat(roundTrip(t)).isEqualTo(t);
  }

  @Test
  void theAlpacaSessionStateSurvivesItsJsonStateCodec() throws Exception {
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
    AlpacaSession.State back = AlpacaSession.State.fromJson(s.toJson());
    assertThat(back.icebergs).isEqualTo(s.icebergs);
    assertThat(back.tracked).isEqualTo(s.tracked);
    assertThat(back.baseline).isEqualTo(s.baseline);
    assertThat(back.netFills).isEqualTo(s.netFills);
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

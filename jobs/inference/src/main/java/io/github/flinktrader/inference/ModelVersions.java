package io.github.flinktrader.inference;

import io.github.flinktrader.records.ModelAnnouncement;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the announced live and shadow versions of this job's model in broadcast state (so every
 * subtask agrees and a restart remembers) and stamps them on every window, so the forecast operator
 * knows which versions are wanted from which record on.
 */
public final class ModelVersions
    extends BroadcastProcessFunction<FeatureWindow, ModelAnnouncement, FeatureWindow> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ModelVersions.class);

  public static final MapStateDescriptor<String, String> STATE =
      new MapStateDescriptor<>("announced-models", Types.STRING, Types.STRING);

  private final String model;

  /**
   * @param model the registry name of the model this job serves; announcements for others are
   *     ignored
   */
  public ModelVersions(String model) {
    this.model = model;
  }

  @Override
  public void processElement(FeatureWindow w, ReadOnlyContext ctx, Collector<FeatureWindow> out)
      throws Exception {
    ReadOnlyBroadcastState<String, String> s = ctx.getBroadcastState(STATE);
    out.collect(w.withVersions(s.get(ModelAnnouncement.LIVE), s.get(ModelAnnouncement.SHADOW)));
  }

  @Override
  public void processBroadcastElement(
      ModelAnnouncement a, Context ctx, Collector<FeatureWindow> out) throws Exception {
    if (!model.equals(a.model())) {
      LOG.info("announcement for model {} ignored: this job serves {}", a.model(), model);
      return;
    }
    BroadcastState<String, String> s = ctx.getBroadcastState(STATE);
    switch (a.role()) {
      case ModelAnnouncement.LIVE -> s.put(ModelAnnouncement.LIVE, a.version());
      case ModelAnnouncement.SHADOW -> s.put(ModelAnnouncement.SHADOW, a.version());
      default -> s.remove(ModelAnnouncement.SHADOW);
    }
    LOG.info("model {} announced {} {}", a.model(), a.role(), a.version());
  }
}

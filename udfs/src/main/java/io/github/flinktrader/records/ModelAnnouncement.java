package io.github.flinktrader.records;

import java.util.Optional;

/**
 * A control message to the inference job: serve this model version live, run it in shadow beside
 * the live one, or stop the shadow.
 *
 * @param model the registry's model name, e.g. {@code tft}
 * @param version the version directory, e.g. {@code v3}
 * @param role {@code live}, {@code shadow} or {@code shadow-off}
 * @param announcedAt when it was announced, epoch milliseconds
 */
public record ModelAnnouncement(String model, String version, String role, long announcedAt)
    implements Event {

  public static final String LIVE = "live";
  public static final String SHADOW = "shadow";
  public static final String SHADOW_OFF = "shadow-off";

  @Override
  public String key() {
    return model;
  }

  @Override
  public long eventTime() {
    return announcedAt;
  }

  @Override
  public Optional<String> violation() {
    return Checks.firstOf(
        Checks.notBlank("model", model),
        // The name becomes a directory in the registry: no paths, no dot-dot.
        model == null || model.matches("[a-z0-9][a-z0-9_-]{0,63}")
            ? null
            : "model must be a registry name (a-z, 0-9, _ and -, at most 64)",
        Checks.notBlank("role", role),
        LIVE.equals(role) || SHADOW.equals(role) || SHADOW_OFF.equals(role)
            ? null
            : "role must be live, shadow or shadow-off, was " + role,
        SHADOW_OFF.equals(role) || (version != null && version.matches("v\\d+"))
            ? null
            : "version must look like v3, was " + version,
        Checks.positiveTime("announcedAt", announcedAt));
  }
}

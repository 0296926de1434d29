package io.github.flinktrader.offline.sentiment;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where {@code scripts/text-data.sh} put the labelled sentences and lexicons: {@code
 * $FLINK_TRADER_DATA/text}, by default {@code ~/.cache/flink-trader/text}.
 */
public final class TextData {

  private TextData() {}

  public static Path dir() {
    String root = System.getenv("FLINK_TRADER_DATA");
    Path base =
        root == null || root.isBlank()
            ? Path.of(System.getProperty("user.home"), ".cache", "flink-trader")
            : Path.of(root);
    Path dir = base.resolve("text");
    if (!Files.exists(dir.resolve(".complete"))) {
      throw new IllegalStateException(
          "no labelled text in " + dir + ": run scripts/text-data.sh (./run does it for you)");
    }
    return dir;
  }
}

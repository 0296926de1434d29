package io.github.flinktrader.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {

  @TempDir Path dir;

  @Test
  void readsTheVariableThenAFileThenTheMountedDirectory() throws Exception {
    Path file = Files.writeString(dir.resolve("key.txt"), "from-file\n");
    Files.writeString(dir.resolve("polygon-api-key"), "from-mount\n");

    assertThat(new Secrets(Map.of("POLYGON_API_KEY", "direct")).require("POLYGON_API_KEY").reveal())
        .isEqualTo("direct");
    assertThat(
            new Secrets(Map.of("POLYGON_API_KEY_FILE", file.toString()))
                .require("POLYGON_API_KEY")
                .reveal())
        .isEqualTo("from-file");
    assertThat(
            new Secrets(Map.of("TRADING_SECRETS_DIR", dir.toString()))
                .require("POLYGON_API_KEY")
                .reveal())
        .isEqualTo("from-mount");
  }

  @Test
  void aMissingSecretSaysHowToProvideItAndASecretNeverPrintsItself() {
    Secrets none = new Secrets(Map.of("TRADING_SECRETS_DIR", dir.toString()));
    assertThatThrownBy(() -> none.require("REDDIT_CLIENT_SECRET"))
        .hasMessageContaining("REDDIT_CLIENT_SECRET is not set")
        .hasMessageContaining("REDDIT_CLIENT_SECRET_FILE");
    Secrets.Secret s = new Secrets(Map.of("K", "hunter2")).require("K");
    assertThat(s.toString()).isEqualTo("***");
    assertThat(String.valueOf(s)).doesNotContain("hunter2");
  }
}

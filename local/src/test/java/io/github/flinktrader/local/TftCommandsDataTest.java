package io.github.flinktrader.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinktrader.records.MinuteBar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Which bars {@code train} and {@code evaluate} read, and what a model card says about them. */
class TftCommandsDataTest {

  @Test
  void aCardsDataNamesItsSampleForEvaluate() {
    for (TftCommands.Sample s : TftCommands.Sample.values()) {
      assertThat(TftCommands.Sample.fromCard(s.cardName())).isEqualTo(s);
    }
    assertThat(TftCommands.Sample.USDCHF.cardName()).isEqualTo("usdchf-sample");
    // Cards written before --sample existed said bitstamp-sample, which still reads.
    assertThat(TftCommands.Sample.fromCard("bitstamp-sample"))
        .isEqualTo(TftCommands.Sample.BITSTAMP);
    assertThat(TftCommands.Sample.fromCard("[/data/2024-01-02.csv.gz]")).isNull();
    assertThat(TftCommands.Sample.fromCard(null)).isNull();
  }

  @Test
  void theCommandLineChoosesTheSampleAndTheCardRecordsIt() {
    TftCommands.Train train = new TftCommands.Train();
    new CommandLine(train)
        .setCaseInsensitiveEnumValuesAllowed(true)
        .parseArgs("--sample", "usdchf");
    assertThat(train.data.describe()).isEqualTo("usdchf-sample");

    TftCommands.Train defaults = new TftCommands.Train();
    new CommandLine(defaults).parseArgs();
    assertThat(defaults.data.describe()).isEqualTo("bitstamp-sample");

    TftCommands.Train files = new TftCommands.Train();
    new CommandLine(files).parseArgs("--bars", "a.csv,b.csv.gz");
    assertThat(files.data.describe()).isEqualTo("[a.csv, b.csv.gz]");

    assertThatThrownBy(
            () ->
                new CommandLine(new TftCommands.Train())
                    .setCaseInsensitiveEnumValuesAllowed(true)
                    .parseArgs("--sample", "eurusd"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("expected one of [BITSTAMP, USDCHF]");
  }

  @Test
  void theUsdChfSampleLivesWhereTheScriptWritesIt() {
    assertThat(TftCommands.Data.usdchfFile("/data/ft", "/home/me"))
        .isEqualTo(Path.of("/data/ft/market/usdchf-30m.csv"));
    assertThat(TftCommands.Data.usdchfFile(null, "/home/me"))
        .isEqualTo(Path.of("/home/me/.cache/flink-trader/market/usdchf-30m.csv"));
    assertThat(TftCommands.Data.usdchfFile(" ", "/home/me"))
        .isEqualTo(Path.of("/home/me/.cache/flink-trader/market/usdchf-30m.csv"));
  }

  @Test
  void theUsdChfSampleIsReadAsAFlatFileAndAMissingOneSaysWhichScriptFetchesIt(@TempDir Path dir)
      throws Exception {
    TftCommands.Train train = new TftCommands.Train();
    new CommandLine(train)
        .setCaseInsensitiveEnumValuesAllowed(true)
        .parseArgs("--sample", "usdchf");
    train.data.usdchf = dir.resolve("usdchf-30m.csv");
    assertThatThrownBy(() -> train.data.load(null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("scripts/market-data.sh");

    // What scripts/usdchf.R writes: each quote closes the half hour before it.
    Files.writeString(
        train.data.usdchf,
        """
        ticker,volume,open,close,high,low,window_start,transactions
        C:USDCHF,0,1.1930,1.1930,1.1930,1.1930,828307800000000000,0
        C:USDCHF,0,1.1930,1.1941,1.1941,1.1930,828309600000000000,0
        C:USDCHF,0,1.1941,1.1933,1.1941,1.1933,828311400000000000,0
        """);
    Map<String, List<MinuteBar>> bars = train.data.load(null);
    assertThat(bars).containsOnlyKeys("C:USDCHF");
    assertThat(bars.get("C:USDCHF")).hasSize(3);
    MinuteBar second = bars.get("C:USDCHF").get(1);
    assertThat(second.close()).isEqualByComparingTo("1.1941");
    assertThat(second.end() - second.start()).isEqualTo(1_800_000L);

    // evaluate without --sample reads the sample its model card names.
    TftCommands.Evaluate evaluate = new TftCommands.Evaluate();
    new CommandLine(evaluate).parseArgs();
    evaluate.data.usdchf = train.data.usdchf;
    assertThat(evaluate.data.load(TftCommands.Sample.USDCHF)).containsOnlyKeys("C:USDCHF");
  }
}

package io.github.flinktrader.text;

import java.io.Serializable;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the instruments a post talks about:
 *
 * <ul>
 *   <li>cashtags ({@code $AAPL}, {@code $A}, {@code $BTC.X}, {@code $brk.b}): always a mention,
 *       even of a one-letter ticker, because the dollar sign says so;
 *   <li>bare upper-case words that are known symbols ({@code AAPL}, {@code AAPL's}), except words
 *       that are also ordinary English in capitals ({@code I}, {@code A}, {@code ALL}, {@code IT},
 *       ...): those count only as cashtags;
 *   <li>names from the alias map, case-insensitively as whole words ({@code bitcoin}, {@code
 *       Apple}).
 * </ul>
 *
 * Every hit goes through the alias map ({@code BTC -> BTCUSD}), so a post maps onto the symbols the
 * market data uses. The result is sorted and has no duplicates.
 */
public final class TickerExtractor implements Serializable {

  private static final long serialVersionUID = 1L;

  private static final Pattern CASHTAG =
      Pattern.compile("(?<![\\w$])\\$([A-Za-z]{1,6})(?:\\.([A-Za-z]{1,2}))?(?![\\w])");
  private static final Pattern WORD = Pattern.compile("(?<![\\w$.])([A-Z]{2,6})(?:'s)?(?![\\w])");

  /** Capitalised English words and forum slang that are also tickers somewhere. */
  static final Set<String> COMMON_WORDS =
      Set.of(
          "A", "I", "ALL", "IT", "ON", "BE", "ARE", "FOR", "SO", "GO", "NOW", "CEO", "CFO", "DD",
          "YOLO", "USA", "US", "EPS", "ATH", "IMO", "LOL", "OR", "AT", "BY", "AN", "AM", "DO", "HE",
          "ONE", "OUT", "NEW", "BIG", "REAL", "LOVE", "FUN", "EDIT", "TLDR", "GDP", "IPO", "ETF",
          "SEC", "FED", "CPI", "AI", "UK", "EU", "OK", "PM", "HODL", "MOON", "FOMO");

  private final Set<String> knownSymbols;
  private final Map<String, String> aliases;

  /**
   * @param knownSymbols symbols a bare word may be (upper case)
   * @param aliases ticker or company name (any case) to the symbol used in the market data
   */
  public TickerExtractor(Set<String> knownSymbols, Map<String, String> aliases) {
    this.knownSymbols = Set.copyOf(knownSymbols);
    Map<String, String> lower = new java.util.HashMap<>();
    aliases.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
    this.aliases = Map.copyOf(lower);
  }

  /** The demo's universe: Bitcoin (the replayed market) and a few large US stocks. */
  public static TickerExtractor defaults() {
    return new TickerExtractor(
        Set.of("BTCUSD", "BTC", "ETH", "AAPL", "MSFT", "NVDA", "TSLA", "AMZN", "GOOGL", "META"),
        Map.of(
            "BTC", "BTCUSD",
            "XBT", "BTCUSD",
            "bitcoin", "BTCUSD",
            "ETH", "ETHUSD",
            "ethereum", "ETHUSD",
            "apple", "AAPL",
            "microsoft", "MSFT",
            "nvidia", "NVDA",
            "tesla", "TSLA"));
  }

  public String[] extract(String... texts) {
    Set<String> found = new TreeSet<>();
    for (String text : texts) {
      if (text == null || text.isEmpty()) {
        continue;
      }
      Matcher cash = CASHTAG.matcher(text);
      while (cash.find()) {
        String base = cash.group(1).toUpperCase(Locale.ROOT);
        String suffix = cash.group(2);
        // $BTC.X is the crypto convention; $BRK.B a share class.
        String symbol =
            suffix == null || suffix.equalsIgnoreCase("X")
                ? base
                : base + "." + suffix.toUpperCase(Locale.ROOT);
        found.add(resolve(symbol));
      }
      Matcher word = WORD.matcher(text);
      while (word.find()) {
        String w = word.group(1);
        if (!COMMON_WORDS.contains(w)
            && (knownSymbols.contains(w) || aliases.containsKey(w.toLowerCase(Locale.ROOT)))) {
          found.add(resolve(w));
        }
      }
      String lower = text.toLowerCase(Locale.ROOT);
      for (Map.Entry<String, String> alias : aliases.entrySet()) {
        String name = alias.getKey();
        if (name.length() > 3 && containsWord(lower, name)) {
          found.add(alias.getValue());
        }
      }
    }
    return found.toArray(String[]::new);
  }

  private String resolve(String symbol) {
    return aliases.getOrDefault(symbol.toLowerCase(Locale.ROOT), symbol);
  }

  private static boolean containsWord(String text, String word) {
    int from = 0;
    while (true) {
      int i = text.indexOf(word, from);
      if (i < 0) {
        return false;
      }
      int end = i + word.length();
      boolean startOk = i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1));
      boolean endOk = end == text.length() || !Character.isLetterOrDigit(text.charAt(end));
      if (startOk && endOk) {
        return true;
      }
      from = i + 1;
    }
  }
}

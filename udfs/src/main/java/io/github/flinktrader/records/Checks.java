package io.github.flinktrader.records;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Pattern;

/** Small validation helpers shared by the record types; each returns the first violation found. */
final class Checks {

  /**
   * Instrument symbols: upper-case letters and digits, with {@code . : / _ -} inside (e.g. {@code
   * BTCUSD}, {@code BRK.B}, {@code X:BTCUSD}), at most 32 characters. Anything else (control
   * characters, spaces, lower case, a whole sentence) is a typo or an attack, never an instrument.
   */
  static final Pattern SYMBOL = Pattern.compile("[A-Z0-9][A-Z0-9._:/-]{0,31}");

  /** No price, size or amount the pipeline handles reaches this (a quadrillion). */
  static final BigDecimal MAX_MAGNITUDE = new BigDecimal("1e15");

  /** No price, size or amount has more decimal places than this (18: Ethereum's wei). */
  static final int MAX_SCALE = 18;

  private Checks() {}

  static String symbol(String field, String value) {
    if (value == null || value.isBlank()) {
      return field + " is missing";
    }
    return SYMBOL.matcher(value).matches()
        ? null
        : field + " is not a symbol (A-Z, 0-9 and . : / _ - inside, at most 32): " + quoted(value);
  }

  /** The first of {@code values} that is not a symbol, as a violation. */
  static String symbols(String field, String[] values) {
    if (values == null) {
      return field + " is missing";
    }
    for (String v : values) {
      String bad = symbol(field, v);
      if (bad != null) {
        return bad;
      }
    }
    return null;
  }

  /** A decimal that is present and within the range any amount here can have. */
  static String inRange(String field, BigDecimal value) {
    if (value == null) {
      return field + " is missing";
    }
    // Compared by magnitude first, so even 1e999999999 costs nothing.
    if (value.abs().compareTo(MAX_MAGNITUDE) >= 0) {
      return field + " is out of range (at least 1e15): " + shortText(value);
    }
    if (value.scale() > MAX_SCALE && value.stripTrailingZeros().scale() > MAX_SCALE) {
      return field + " has more than " + MAX_SCALE + " decimal places: " + shortText(value);
    }
    return null;
  }

  /** Text no longer than {@code max} characters. */
  static String maxLength(String field, String value, int max) {
    return value != null && value.length() > max
        ? field + " is longer than " + max + " characters (" + value.length() + ")"
        : null;
  }

  private static String quoted(String value) {
    String v = value.length() > 40 ? value.substring(0, 40) + "..." : value;
    StringBuilder out = new StringBuilder("'");
    for (char c : v.toCharArray()) {
      out.append(c < 0x20 || c == 0x7F ? String.format("\\u%04x", (int) c) : c);
    }
    return out.append('\'').toString();
  }

  /** Never the plain form of a decimal with a huge exponent (it would have a billion digits). */
  private static String shortText(BigDecimal value) {
    String s = value.toString();
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }

  static Optional<String> firstOf(String... violations) {
    for (String v : violations) {
      if (v != null) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }

  static String notBlank(String field, String value) {
    return value == null || value.isBlank() ? field + " is missing" : null;
  }

  static String positive(String field, BigDecimal value) {
    String range = inRange(field, value);
    if (range != null) {
      return range;
    }
    return value.signum() > 0 ? null : field + " must be positive, was " + shortText(value);
  }

  static String nonNegative(String field, BigDecimal value) {
    String range = inRange(field, value);
    if (range != null) {
      return range;
    }
    return value.signum() >= 0 ? null : field + " must not be negative, was " + shortText(value);
  }

  static String notNull(String field, Object value) {
    return value == null ? field + " is missing" : null;
  }

  static String positiveTime(String field, long value) {
    return value > 0 ? null : field + " must be a positive epoch-millisecond time, was " + value;
  }
}

package io.github.flinktrader.records;

import java.math.BigDecimal;
import java.util.Optional;

/** Small validation helpers shared by the record types; each returns the first violation found. */
final class Checks {

  private Checks() {}

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
    if (value == null) {
      return field + " is missing";
    }
    return value.signum() > 0 ? null : field + " must be positive, was " + value.toPlainString();
  }

  static String nonNegative(String field, BigDecimal value) {
    if (value == null) {
      return field + " is missing";
    }
    return value.signum() >= 0
        ? null
        : field + " must not be negative, was " + value.toPlainString();
  }

  static String notNull(String field, Object value) {
    return value == null ? field + " is missing" : null;
  }

  static String positiveTime(String field, long value) {
    return value > 0 ? null : field + " must be a positive epoch-millisecond time, was " + value;
  }
}

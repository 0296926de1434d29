package io.github.flinktrader.records;

/** Outcome of the pre-trade risk gate. */
public enum RiskVerdict {
  APPROVED,
  REJECTED
}

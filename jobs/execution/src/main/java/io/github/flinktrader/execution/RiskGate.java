package io.github.flinktrader.execution;

import io.github.flinktrader.features.ExchangeCalendar;
import io.github.flinktrader.records.ControlCommand;
import io.github.flinktrader.records.MinuteBar;
import io.github.flinktrader.records.OrderIntent;
import io.github.flinktrader.records.Refusal;
import io.github.flinktrader.records.RiskDecision;
import io.github.flinktrader.records.RiskVerdict;
import io.github.flinktrader.records.TradingState;
import io.github.flinktrader.records.TradingStateChange;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The pre-trade risk gate of one account, as plain functions over a {@link RiskBook}: every order
 * intent is checked against the {@link RiskLimits} and refused with a reason, approved as it is, or
 * approved smaller (volatility scaling); bars mark the book to market and may move the account to
 * REDUCING (drawdown) or HALTED (daily loss); control commands apply the kill switch, resets and
 * the temporal rules' alerts. Moves toward HALTED are latched until a manual RESET.
 *
 * <p>The checks, in order (the first that fails is the reason): trading state; well-formed order;
 * quantity precision; symbol halt and volatility halt; stale forecast; market hours; a reference
 * price exists; price collar; reduce-only when REDUCING; losing-streak cooldown; volatility
 * scaling; max quantity and max notional per order; for orders that add risk: position limit,
 * concentration, sector allocation and buying power; order rate per symbol and per account; daily
 * order cap. Orders that only reduce a position skip the exposure checks: cutting risk is never
 * blocked by a risk limit, only by a halt.
 */
public final class RiskGate implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final long MINUTE = 60_000L;
  private static final long DAY = 86_400_000L;

  /** Weight of the newest squared return in the realized variance (a 30-bar half-life). */
  private static final double VARIANCE_ALPHA = 1 - Math.pow(0.5, 1.0 / 30);

  private final RiskLimits limits;

  public RiskGate(RiskLimits limits) {
    this.limits = limits;
  }

  public RiskLimits limits() {
    return limits;
  }

  /** Checks {@code intent}; when approved, books it into {@code book}. */
  public RiskDecision check(OrderIntent intent, RiskBook book) {
    RiskBook.SymbolBook sb = intent.symbol() == null ? null : book.symbol(intent.symbol());
    BigDecimal before = sb == null ? BigDecimal.ZERO : sb.position;
    BigDecimal requested = intent.quantity() == null ? BigDecimal.ZERO : intent.quantity();
    String reason = null;
    BigDecimal qty = requested;
    String adjustment = "";

    Optional<String> malformed = intent.violation();
    if (book.state == TradingState.HALTED) {
      reason = Refusal.HALTED.because(book.stateTrigger);
    } else if (malformed.isPresent()) {
      reason = Refusal.MALFORMED_ORDER.because(malformed.get());
    } else if (requested.stripTrailingZeros().scale() > limits.quantityScale()) {
      reason =
          Refusal.PRECISION.because(
              "quantity "
                  + requested.toPlainString()
                  + " has more than "
                  + limits.quantityScale()
                  + " decimals");
    }
    long t = intent.decisionTime();
    boolean reduces = false;
    if (reason == null) {
      rollDay(book, t);
      reduces = reduces(before, signed(intent, qty));
      if (sb.halted) {
        reason = Refusal.SYMBOL_HALTED.because(sb.haltReason);
      } else if (sb.volatilityHaltUntil > t) {
        reason =
            Refusal.VOLATILITY_HALT.because(
                "until " + Instant.ofEpochMilli(sb.volatilityHaltUntil));
      } else if (sb.lastBarEnd - t > limits.staleForecastAfter().toMillis() && !reduces) {
        reason =
            Refusal.STALE_FORECAST.because(
                "made at "
                    + Instant.ofEpochMilli(t)
                    + ", "
                    + (sb.lastBarEnd - t) / 1000
                    + " s behind the latest bar");
      } else if (limits.marketHours() && !ExchangeCalendar.forSymbol(intent.symbol()).isOpen(t)) {
        reason = Refusal.MARKET_CLOSED.because(intent.symbol() + " at " + Instant.ofEpochMilli(t));
      } else if (sb.lastPrice == null) {
        reason =
            Refusal.NO_REFERENCE_PRICE.because("no trade price for " + intent.symbol() + " yet");
      } else {
        double distance =
            intent.referencePrice().subtract(sb.lastPrice).abs().doubleValue()
                / sb.lastPrice.doubleValue();
        if (distance > limits.priceCollar()) {
          reason =
              Refusal.PRICE_COLLAR.because(
                  String.format(
                      "reference %s is %.2f%% from the last trade %s (limit %.2f%%)",
                      intent.referencePrice().toPlainString(),
                      100 * distance,
                      sb.lastPrice.toPlainString(),
                      100 * limits.priceCollar()));
        } else if (book.state == TradingState.REDUCING && !reduces) {
          reason =
              Refusal.REDUCE_ONLY.because("the account is REDUCING (" + book.stateTrigger + ")");
        } else if (sb.cooldownUntil > t && !reduces) {
          reason = Refusal.COOLDOWN.because("until " + Instant.ofEpochMilli(sb.cooldownUntil));
        }
      }
    }
    BigDecimal price = sb == null || sb.lastPrice == null ? intent.referencePrice() : sb.lastPrice;
    if (reason == null && !reduces) {
      // Volatility scaling caps the position the strategy aims at, not each order: scaling every
      // order would only make the strategy send more of them.
      double scale = volatilityScale(sb);
      if (scale < 1) {
        int d = intent.side().sign();
        BigDecimal target = intent.targetPosition();
        BigDecimal cap =
            target.signum() == d
                ? target.abs().multiply(BigDecimal.valueOf(scale), MathContext.DECIMAL64)
                : BigDecimal.ZERO;
        BigDecimal desired = before.add(signed(intent, requested));
        if (desired.abs().compareTo(cap) > 0) {
          BigDecimal capped = cap.multiply(BigDecimal.valueOf(d));
          qty =
              capped
                  .subtract(before)
                  .multiply(BigDecimal.valueOf(d))
                  .setScale(limits.quantityScale(), RoundingMode.DOWN)
                  .stripTrailingZeros();
          adjustment = String.format("; volatility-scaled x%.2f", scale);
          if (qty.signum() <= 0
              || qty.multiply(intent.referencePrice()).compareTo(limits.minScaledOrderNotional())
                  < 0) {
            qty = qty.max(BigDecimal.ZERO);
            reason =
                Refusal.VOLATILITY_LIMIT.because(
                    String.format(
                        "the position is at its volatility-scaled target (x%.2f of %s)",
                        scale, target.toPlainString()));
          }
        }
      }
    }
    BigDecimal notional =
        reason != null && malformed.isPresent()
            ? BigDecimal.ZERO
            : qty.multiply(
                intent.referencePrice() == null ? BigDecimal.ZERO : intent.referencePrice());
    BigDecimal after = before.add(signed(intent, qty));
    if (reason == null) {
      reason = sizeAndExposure(intent, book, sb, qty, notional, before, after, price, reduces);
    }
    if (reason == null) {
      reason = rate(book, sb, t);
    }
    boolean approved = reason == null;
    if (approved) {
      sb.position = after;
      sb.lastDecisionTime = Math.max(sb.lastDecisionTime, t);
      book.cashFlow = book.cashFlow.subtract(signed(intent, qty).multiply(intent.referencePrice()));
      sb.orderTimes.add(t);
      book.orderTimes.add(t);
      book.dayOrders++;
      reason = "ok" + adjustment;
    }
    return new RiskDecision(
        intent.clientOrderId(),
        intent.symbol(),
        t,
        approved ? RiskVerdict.APPROVED : RiskVerdict.REJECTED,
        reason,
        intent.side(),
        qty,
        intent.referencePrice() == null ? BigDecimal.ZERO : intent.referencePrice(),
        notional,
        before,
        approved ? after : before,
        requested,
        intent.modelVersion(),
        t,
        book.state);
  }

  private String sizeAndExposure(
      OrderIntent intent,
      RiskBook book,
      RiskBook.SymbolBook sb,
      BigDecimal qty,
      BigDecimal notional,
      BigDecimal before,
      BigDecimal after,
      BigDecimal price,
      boolean reduces) {
    if (qty.compareTo(limits.maxOrderQuantity()) > 0) {
      return Refusal.MAX_ORDER_QUANTITY.because(
          qty.toPlainString() + " > " + limits.maxOrderQuantity());
    }
    if (notional.compareTo(limits.maxOrderNotional()) > 0) {
      return Refusal.MAX_ORDER_NOTIONAL.because(
          notional.setScale(2, RoundingMode.HALF_EVEN).toPlainString()
              + " > "
              + limits.maxOrderNotional());
    }
    if (reduces) {
      return null;
    }
    BigDecimal positionValue = after.abs().multiply(price);
    if (positionValue.compareTo(limits.maxPositionNotional()) > 0) {
      return Refusal.POSITION_LIMIT.because(
          "|"
              + after.toPlainString()
              + "| x "
              + price.toPlainString()
              + " = "
              + positionValue.setScale(2, RoundingMode.HALF_EVEN).toPlainString()
              + " > "
              + limits.maxPositionNotional());
    }
    BigDecimal equity = book.equity(limits.startingEquity());
    if (equity.signum() <= 0) {
      return Refusal.NO_EQUITY.because("equity is " + equity.toPlainString());
    }
    double share = positionValue.doubleValue() / equity.doubleValue();
    if (share > limits.maxConcentration()) {
      return Refusal.CONCENTRATION.because(
          String.format(
              "%s would be %.1f%% of equity (limit %.1f%%)",
              intent.symbol(), 100 * share, 100 * limits.maxConcentration()));
    }
    String sector = limits.sectorOf(intent.symbol());
    BigDecimal sectorValue =
        book.grossExposure(limits, sector)
            .subtract(before.abs().multiply(price))
            .add(positionValue);
    double sectorShare = sectorValue.doubleValue() / equity.doubleValue();
    if (sectorShare > limits.maxSectorAllocation()) {
      return Refusal.SECTOR_ALLOCATION.because(
          String.format(
              "%s would be %.1f%% of equity (limit %.1f%%)",
              sector, 100 * sectorShare, 100 * limits.maxSectorAllocation()));
    }
    BigDecimal buyingPower =
        equity
            .multiply(BigDecimal.valueOf(limits.maxLeverage()))
            .subtract(book.grossExposure(limits, null));
    BigDecimal added = after.abs().subtract(before.abs()).multiply(price);
    if (added.compareTo(buyingPower) > 0) {
      return Refusal.BUYING_POWER.because(
          "the order adds "
              + added.setScale(2, RoundingMode.HALF_EVEN).toPlainString()
              + " of exposure, "
              + buyingPower.setScale(2, RoundingMode.HALF_EVEN).toPlainString()
              + " available");
    }
    return null;
  }

  private String rate(RiskBook book, RiskBook.SymbolBook sb, long t) {
    prune(sb.orderTimes, t);
    prune(book.orderTimes, t);
    int perSymbol = limits.maxOrdersPerSymbolPerMinute();
    if (sb.throttleUntil > t) {
      perSymbol = Math.max(1, perSymbol / 2);
    }
    if (sb.orderTimes.size() >= perSymbol) {
      return Refusal.ORDER_RATE_SYMBOL.because(
          sb.orderTimes.size()
              + " orders in the last minute (limit "
              + perSymbol
              + (sb.throttleUntil > t ? ", throttled" : "")
              + ")");
    }
    if (book.orderTimes.size() >= limits.maxOrdersPerAccountPerMinute()) {
      return Refusal.ORDER_RATE_ACCOUNT.because(
          book.orderTimes.size()
              + " orders in the last minute (limit "
              + limits.maxOrdersPerAccountPerMinute()
              + ")");
    }
    if (book.dayOrders >= limits.maxOrdersPerDay()) {
      return Refusal.DAILY_ORDER_CAP.because(
          book.dayOrders + " orders today (limit " + limits.maxOrdersPerDay() + ")");
    }
    return null;
  }

  /** Keeps the times within the minute before {@code t}. */
  private static void prune(List<Long> times, long t) {
    times.removeIf(x -> x <= t - MINUTE);
  }

  double volatilityScale(RiskBook.SymbolBook sb) {
    if (limits.targetMinuteVolatility() <= 0 || sb.bars < limits.volatilityMinBars()) {
      return 1;
    }
    double vol = Math.sqrt(sb.ewVariance);
    return vol > limits.targetMinuteVolatility() ? limits.targetMinuteVolatility() / vol : 1;
  }

  /**
   * Marks the book with a bar: last trade price, realized volatility, the day's counters, peak
   * equity; returns the state change the marks cause (daily loss -> HALTED, drawdown -> REDUCING).
   */
  public Optional<TradingStateChange> mark(MinuteBar bar, RiskBook book, long wallClock) {
    RiskBook.SymbolBook sb = book.symbol(bar.symbol());
    if (bar.end() <= sb.lastBarEnd) {
      return Optional.empty(); // a repeated or older bar: marks move forward only
    }
    if (sb.lastPrice != null && sb.lastPrice.signum() > 0 && bar.close().signum() > 0) {
      double r = Math.log(bar.close().doubleValue() / sb.lastPrice.doubleValue());
      sb.ewVariance =
          sb.bars == 0 ? r * r : (1 - VARIANCE_ALPHA) * sb.ewVariance + VARIANCE_ALPHA * r * r;
      sb.bars++;
    } else if (sb.lastPrice == null) {
      sb.bars = 0;
    }
    sb.lastPrice = bar.close();
    sb.lastBarEnd = bar.end();
    rollDay(book, bar.end() - 1);
    BigDecimal equity = book.equity(limits.startingEquity());
    if (book.peakEquity == null || equity.compareTo(book.peakEquity) > 0) {
      book.peakEquity = equity;
    }
    double fromDayStart = 1 - equity.doubleValue() / book.dayStartEquity.doubleValue();
    if (fromDayStart >= limits.dailyLossLimit()
        && book.state.on(TradingState.Event.DAILY_LOSS_LIMIT).isPresent()) {
      return move(
          book,
          TradingState.Event.DAILY_LOSS_LIMIT,
          String.format(
              "daily-loss-limit: equity %s is %.2f%% below the day's start %s",
              equity.setScale(2, RoundingMode.HALF_EVEN).toPlainString(),
              100 * fromDayStart,
              book.dayStartEquity.setScale(2, RoundingMode.HALF_EVEN).toPlainString()),
          bar.end(),
          wallClock);
    }
    double fromPeak = 1 - equity.doubleValue() / book.peakEquity.doubleValue();
    if (fromPeak >= limits.maxDrawdown()
        && book.state.on(TradingState.Event.MAX_DRAWDOWN).isPresent()) {
      return move(
          book,
          TradingState.Event.MAX_DRAWDOWN,
          String.format("max-drawdown: equity is %.2f%% below its peak", 100 * fromPeak),
          bar.end(),
          wallClock);
    }
    return Optional.empty();
  }

  /** Applies a control command; returns the state change it causes, if any. */
  public Optional<TradingStateChange> apply(ControlCommand c, RiskBook book, long wallClock) {
    String trigger = c.kind() + " by " + c.source() + ": " + c.reason();
    switch (c.kind()) {
      case KILL:
        return move(book, TradingState.Event.KILL, trigger, c.issuedAt(), wallClock);
      case REDUCE:
        return move(book, TradingState.Event.REDUCE, trigger, c.issuedAt(), wallClock);
      case RESET:
        for (RiskBook.SymbolBook s : book.symbols.values()) {
          s.halted = false;
          s.haltReason = null;
          s.volatilityHaltUntil = 0;
          s.throttleUntil = 0;
          s.cooldownUntil = 0;
        }
        // The operator accepts the losses so far: drawdown and daily loss count from here.
        book.peakEquity = book.equity(limits.startingEquity());
        book.dayStartEquity = book.peakEquity;
        return move(book, TradingState.Event.RESET, trigger, c.issuedAt(), wallClock);
      case HALT_SYMBOL:
        book.symbol(c.symbol()).halted = true;
        book.symbol(c.symbol()).haltReason = trigger;
        return Optional.empty();
      case RESUME_SYMBOL:
        book.symbol(c.symbol()).halted = false;
        book.symbol(c.symbol()).haltReason = null;
        return Optional.empty();
      case VOLATILITY_HALT:
        book.symbol(c.symbol()).volatilityHaltUntil =
            Math.max(book.symbol(c.symbol()).volatilityHaltUntil, c.until());
        return Optional.empty();
      case THROTTLE:
        book.symbol(c.symbol()).throttleUntil =
            Math.max(book.symbol(c.symbol()).throttleUntil, c.until());
        return Optional.empty();
      case COOLDOWN:
        book.symbol(c.symbol()).cooldownUntil =
            Math.max(book.symbol(c.symbol()).cooldownUntil, c.until());
        return Optional.empty();
      case UNFILLED:
        // Booked at approval as if filled: take the remainder back out, at the last price (the
        // reference price it was booked at is within the collar of it).
        RiskBook.SymbolBook sb = book.symbol(c.symbol());
        sb.position = sb.position.subtract(c.quantity());
        if (sb.lastPrice != null) {
          book.cashFlow = book.cashFlow.add(c.quantity().multiply(sb.lastPrice));
        }
        return Optional.empty();
      default:
        throw new IllegalArgumentException("unknown command " + c.kind());
    }
  }

  /** Moves the book's state on {@code event}, if it has a move from there. */
  private Optional<TradingStateChange> move(
      RiskBook book, TradingState.Event event, String trigger, long time, long wallClock) {
    TradingState from = book.state;
    Optional<TradingState> to = from.on(event);
    to.ifPresent(
        s -> {
          book.state = s;
          book.stateTrigger = trigger;
        });
    return to.map(s -> new TradingStateChange(limits.account(), time, from, s, trigger, wallClock));
  }

  private void rollDay(RiskBook book, long t) {
    long day = Math.floorDiv(t, DAY);
    if (day > book.day) {
      book.day = day;
      book.dayOrders = 0;
      book.dayStartEquity = book.equity(limits.startingEquity());
    }
  }

  private static BigDecimal signed(OrderIntent intent, BigDecimal qty) {
    if (intent.side() == null) {
      return BigDecimal.ZERO;
    }
    return intent.side().sign() > 0 ? qty : qty.negate();
  }

  /** True when the order only shrinks the position toward zero (never through it). */
  static boolean reduces(BigDecimal before, BigDecimal signedQty) {
    BigDecimal after = before.add(signedQty);
    return signedQty.signum() != 0
        && before.signum() != 0
        && after.abs().compareTo(before.abs()) < 0
        && after.signum() * before.signum() >= 0;
  }
}

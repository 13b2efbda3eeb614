package io.ingestlens.processor.telemetry;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Keeps the per-run records (logger {@code io.ingestlens.processor.runs}, one per event) off an
 * appender such as the console: they go out over OTLP (Loki), and at event rates a console line
 * each would cost more than the rest of the processing. Records of that logger below
 * {@code level} are denied (all of them by default, {@code OFF}); every other logger passes.
 *
 * <pre>{@code
 * <filter class="io.ingestlens.processor.telemetry.ConsoleRunsFilter">
 *   <level>WARN</level>  <!-- failed and unusual runs only -->
 * </filter>
 * }</pre>
 */
public final class ConsoleRunsFilter extends Filter<ILoggingEvent> {

  private Level level = Level.OFF;

  /** The lowest level of run record let through; {@code OFF} (the default) lets none through. */
  public void setLevel(String level) {
    this.level = Level.toLevel(level, Level.OFF);
  }

  @Override
  public FilterReply decide(ILoggingEvent event) {
    if (!EventLog.RUNS_LOGGER.equals(event.getLoggerName())) {
      return FilterReply.NEUTRAL;
    }
    return event.getLevel().isGreaterOrEqual(level) ? FilterReply.NEUTRAL : FilterReply.DENY;
  }
}

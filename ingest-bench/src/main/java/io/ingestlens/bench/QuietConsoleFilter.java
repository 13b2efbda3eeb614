package io.ingestlens.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Keeps the console to warnings and errors, without the processor's per-run records: they are
 * data (one per event, ERROR for a failed run) and go over OTLP, as the service's own console
 * configuration has it. Printing them would measure the terminal, not the pipeline.
 */
public final class QuietConsoleFilter extends Filter<ILoggingEvent> {

  static final String RUNS_LOGGER = "io.ingestlens.processor.runs";

  @Override
  public FilterReply decide(ILoggingEvent event) {
    if (!event.getLevel().isGreaterOrEqual(Level.WARN) || event.getLoggerName().startsWith(RUNS_LOGGER)) {
      return FilterReply.DENY;
    }
    return FilterReply.NEUTRAL;
  }
}

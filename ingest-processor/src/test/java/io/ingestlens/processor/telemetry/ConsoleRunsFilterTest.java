package io.ingestlens.processor.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;

class ConsoleRunsFilterTest {

  private final LoggerContext context = new LoggerContext();

  @Test
  void byDefaultNoRunRecordPassesAndOtherLoggersAreLeftAlone() {
    ConsoleRunsFilter filter = new ConsoleRunsFilter();
    assertThat(filter.decide(event(EventLog.RUNS_LOGGER, Level.ERROR))).isEqualTo(FilterReply.DENY);
    assertThat(filter.decide(event(EventLog.RUNS_LOGGER, Level.INFO))).isEqualTo(FilterReply.DENY);
    assertThat(filter.decide(event(EventLog.REJECTS_LOGGER, Level.INFO))).isEqualTo(FilterReply.NEUTRAL);
    assertThat(filter.decide(event("io.ingestlens.processor.Processor", Level.DEBUG))).isEqualTo(FilterReply.NEUTRAL);
  }

  @Test
  void aLevelLetsFailedAndUnusualRunsThrough() {
    ConsoleRunsFilter filter = new ConsoleRunsFilter();
    filter.setLevel("WARN");
    assertThat(filter.decide(event(EventLog.RUNS_LOGGER, Level.INFO))).isEqualTo(FilterReply.DENY);
    assertThat(filter.decide(event(EventLog.RUNS_LOGGER, Level.WARN))).isEqualTo(FilterReply.NEUTRAL);
    assertThat(filter.decide(event(EventLog.RUNS_LOGGER, Level.ERROR))).isEqualTo(FilterReply.NEUTRAL);
  }

  private LoggingEvent event(String loggerName, Level level) {
    Logger logger = context.getLogger(loggerName);
    return new LoggingEvent(Logger.class.getName(), logger, level, "message", null, null);
  }
}

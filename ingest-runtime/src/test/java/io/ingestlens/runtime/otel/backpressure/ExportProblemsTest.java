package io.ingestlens.runtime.otel.backpressure;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.opentelemetry.exporter.internal.FailedExportException;
import java.net.ConnectException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ExportProblemsTest {

  private final AtomicLong now = new AtomicLong();
  private final ExportProblems problems = new ExportProblems("ingest-processor", now::get);
  private final Logger logger = (Logger) LoggerFactory.getLogger(ExportProblems.class);
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

  @BeforeEach
  void capture() {
    lines.start();
    logger.addAppender(lines);
  }

  @AfterEach
  void release() {
    logger.detachAppender(lines);
  }

  @Test
  void waitingIsSaidAtMostEveryThirtySecondsWithTheLastFailure() {
    InFlight spans = new InFlight("spans", 8);
    problems.retrying(spans, FailedExportException.httpFailedExceptionally(new ConnectException("Connection refused")));
    now.addAndGet(TimeUnit.SECONDS.toNanos(12));
    problems.waiting("processing paused", "8 spans (queue 8) in flight");
    now.addAndGet(TimeUnit.SECONDS.toNanos(17));
    problems.waiting("processing paused", "8 spans (queue 8) in flight");
    problems.retrying(spans, FailedExportException.httpFailedExceptionally(new ConnectException("Connection refused")));

    assertThat(lines.list).hasSize(1);
    now.addAndGet(TimeUnit.SECONDS.toNanos(1));
    problems.waiting("processing paused", "8 spans (queue 8) in flight");

    assertThat(lines.list).hasSize(2).allMatch(e -> e.getLevel() == Level.WARN);
    assertThat(lines.list.get(0).getFormattedMessage())
        .isEqualTo("ingest-processor: cannot export spans (ConnectException: Connection refused); sending them again"
            + " until the collector takes them, 0 spans (queue 8) waiting");
    assertThat(lines.list.get(1).getFormattedMessage())
        .isEqualTo("ingest-processor: processing paused until its telemetry is exported (8 spans (queue 8) in flight;"
            + " last export failure 1 s ago: ConnectException: Connection refused); nothing is dropped"
            + " (INGEST_TELEMETRY_OVERFLOW=block)");
  }

  @Test
  void everyLossIsSaid() {
    problems.lost("log records", 2048, FailedExportException.httpFailedWithResponse(ExportFailuresTest.http(400)));
    problems.lost("log records", 10, FailedExportException.httpFailedWithResponse(ExportFailuresTest.http(413)));

    assertThat(lines.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.ERROR, Level.ERROR);
    assertThat(lines.list.get(0).getFormattedMessage())
        .isEqualTo("ingest-processor: 2048 log records lost: the collector refused them (HTTP 400);"
            + " counted in otlp.exporter.exported{success=\"false\"}");
  }
}

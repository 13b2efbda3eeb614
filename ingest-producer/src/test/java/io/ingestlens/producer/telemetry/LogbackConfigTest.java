package io.ingestlens.producer.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.read.ListAppender;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.instrumentation.logback.mdc.v1_0.OpenTelemetryAppender;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import java.net.URL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The shipped logback.xml: console lines carry the current span's ids, Kafka clients log warnings only. */
class LogbackConfigTest {

  @RegisterExtension static final OpenTelemetryExtension OTEL = OpenTelemetryExtension.create();

  @Test
  void consoleLinesCarryTraceAndSpanIds() throws Exception {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter()); // what SLF4J's Logback provider does at start-up
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    URL shipped = LogbackConfigTest.class.getResource("/logback.xml");
    configurator.doConfigure(shipped);
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    OpenTelemetryAppender mdc = (OpenTelemetryAppender) root.getAppender("OTEL_MDC");
    assertThat(mdc.getAppender("CONSOLE")).isNotNull();
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.setContext(context);
    captured.start();
    mdc.detachAppender("CONSOLE");
    mdc.addAppender(captured);

    Span span = OTEL.getOpenTelemetry().getTracer("test").spanBuilder("ingestion.run").startSpan();
    try (Scope ignored = span.makeCurrent()) {
      context.getLogger("io.ingestlens.producer.kafka.KafkaEventSink").warn("not acknowledged");
    } finally {
      span.end();
    }

    assertThat(captured.list).singleElement().satisfies(event -> {
      assertThat(event.getMDCPropertyMap())
          .containsEntry("trace_id", span.getSpanContext().getTraceId())
          .containsEntry("span_id", span.getSpanContext().getSpanId());
    });
    assertThat(context.getLogger("org.apache.kafka.clients.producer.KafkaProducer").getEffectiveLevel())
        .isEqualTo(Level.WARN);
    context.stop();
  }
}

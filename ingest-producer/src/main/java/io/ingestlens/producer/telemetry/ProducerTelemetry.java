package io.ingestlens.producer.telemetry;

import static io.ingestlens.runtime.otel.IngestionAttributes.COMPANY;
import static io.ingestlens.runtime.otel.IngestionAttributes.ERROR_TYPE;
import static io.ingestlens.runtime.otel.IngestionAttributes.EVENT_ID;
import static io.ingestlens.runtime.otel.IngestionAttributes.MESSAGING_DESTINATION;
import static io.ingestlens.runtime.otel.IngestionAttributes.OBJECT;
import static io.ingestlens.runtime.otel.IngestionAttributes.ORIGIN_MODE;
import static io.ingestlens.runtime.otel.IngestionAttributes.SOURCE;
import static io.ingestlens.runtime.otel.IngestionAttributes.STATUS;
import static io.ingestlens.runtime.otel.IngestionAttributes.ZONE;

import io.ingestlens.event.IngestionEvent;
import io.ingestlens.event.Run;
import io.ingestlens.event.Tenant;
import io.ingestlens.producer.legacy.LegacyRejectReason;
import io.ingestlens.runtime.otel.LabelGuard;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The producer's spans and metrics, as docs/telemetry.md names them. */
public final class ProducerTelemetry {

  public static final String INSTRUMENTATION_SCOPE = "io.ingestlens.producer";
  public static final String RUN_SPAN = "ingestion.run";
  public static final String PUBLISHED = "ingestion.events.published";
  public static final String REJECTED = "ingestion.records.rejected";

  private final Tracer tracer;
  private final LongCounter published;
  private final LongCounter rejected;
  private final String topic;
  /** Guards the source label of the published counter; its own lock, as sends complete on the client's thread. */
  private final LabelGuard labels = LabelGuard.withContractCaps();
  private final Map<String, Attributes> publishedAttributes = new ConcurrentHashMap<>();

  /** @param topic the destination, an attribute of the published counter */
  public ProducerTelemetry(OpenTelemetry openTelemetry, String topic) {
    this.tracer = openTelemetry.getTracer(INSTRUMENTATION_SCOPE);
    Meter meter = openTelemetry.getMeter(INSTRUMENTATION_SCOPE);
    this.topic = topic;
    this.published =
        meter
            .counterBuilder(PUBLISHED)
            .setUnit("{event}")
            .setDescription("Events the broker acknowledged.")
            .build();
    this.rejected =
        meter
            .counterBuilder(REJECTED)
            .setUnit("{record}")
            .setDescription("Legacy records refused by the reader, by reason.")
            .build();
    // Every reason exists at 0 from the start, so increase() sees the first rejection.
    for (LegacyRejectReason reason : LegacyRejectReason.values()) {
      rejected.add(0, Attributes.of(ERROR_TYPE, reason.code()));
    }
  }

  /**
   * Starts the root span of one run at the run's start. The attributes go on the builder: the
   * sampler reads {@code ingestion.status} at start to keep every failed run.
   */
  public Span startRun(IngestionEvent event) {
    Run run = event.run();
    Tenant tenant = event.tenant();
    return tracer
        .spanBuilder(RUN_SPAN)
        .setNoParent()
        .setSpanKind(SpanKind.INTERNAL)
        .setStartTimestamp(run.startedAt())
        .setAttribute(SOURCE, event.ingested().source())
        .setAttribute(OBJECT, event.ingested().object())
        .setAttribute(STATUS, run.status())
        .setAttribute(COMPANY, orUnknown(tenant == null ? null : tenant.company()))
        .setAttribute(ZONE, orUnknown(tenant == null ? null : tenant.zone()))
        .setAttribute(EVENT_ID, event.eventId())
        .setAttribute(ORIGIN_MODE, event.origin().mode())
        .startSpan();
  }

  /** Ends a run span at the run's end, ERROR with the description when the run failed. */
  public static void endRun(Span span, IngestionEvent event) {
    Run run = event.run();
    if (run.failed()) {
      span.setStatus(StatusCode.ERROR, run.description() == null ? Run.FAILED : run.description());
    }
    span.end(run.effectiveEnd());
  }

  /** One event the broker acknowledged. */
  public void published(String source) {
    String label;
    synchronized (labels) {
      label = labels.source(source);
    }
    published.add(1, publishedAttributes.computeIfAbsent(label, this::attributesOf));
  }

  public void rejected(LegacyRejectReason reason) {
    rejected.add(1, Attributes.of(ERROR_TYPE, reason.code()));
  }

  private Attributes attributesOf(String source) {
    return Attributes.of(SOURCE, source, MESSAGING_DESTINATION, topic);
  }

  private static String orUnknown(String value) {
    return value == null ? LabelGuard.UNKNOWN : value;
  }
}

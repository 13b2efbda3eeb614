package io.ingestlens.quickstart;

import io.ingestlens.runtime.otel.IngestionAttributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records, from the spans both services end, which traces crossed the Kafka hop: a processor
 * CONSUMER span whose parent is a producer PRODUCER span of the same trace.
 */
final class HopRecorder {

  private record Consumed(String parentSpanId, String source) {}

  private final Map<String, String> publishSpanByTrace = new ConcurrentHashMap<>();
  private final Map<String, Consumed> consumedByTrace = new ConcurrentHashMap<>();

  /** Attach to the producer's tracer provider. */
  SpanProcessor producerSide() {
    return new EndOnly() {
      @Override
      public void onEnd(ReadableSpan span) {
        if (span.getKind() == SpanKind.PRODUCER) {
          SpanContext ctx = span.getSpanContext();
          publishSpanByTrace.put(ctx.getTraceId(), ctx.getSpanId());
        }
      }
    };
  }

  /** Attach to the processor's tracer provider. */
  SpanProcessor processorSide() {
    return new EndOnly() {
      @Override
      public void onEnd(ReadableSpan span) {
        if (span.getKind() == SpanKind.CONSUMER && span.getParentSpanContext().isValid()) {
          String source = span.getAttribute(IngestionAttributes.SOURCE);
          consumedByTrace.put(
              span.getSpanContext().getTraceId(),
              new Consumed(span.getParentSpanContext().getSpanId(), source == null ? "?" : source));
        }
      }
    };
  }

  /** Per source, how many traces went from a publish span to its process span. */
  Map<String, Long> crossedBySource() {
    Map<String, Long> counts = new ConcurrentHashMap<>();
    consumedByTrace.forEach(
        (traceId, consumed) -> {
          if (consumed.parentSpanId().equals(publishSpanByTrace.get(traceId))) {
            counts.merge(consumed.source(), 1L, Long::sum);
          }
        });
    return counts;
  }

  private abstract static class EndOnly implements SpanProcessor {
    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
      return false;
    }

    @Override
    public boolean isEndRequired() {
      return true;
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode forceFlush() {
      return CompletableResultCode.ofSuccess();
    }
  }
}

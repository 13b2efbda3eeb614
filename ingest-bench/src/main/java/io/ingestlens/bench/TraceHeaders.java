package io.ingestlens.bench;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * W3C {@code traceparent} values like the producer's: a fresh trace per event, sampled the way the
 * producer decides. Under {@code parentbased_always_on} every trace is sampled; under the high-rate
 * profile the producer's root span goes through FailedRunsSampler around
 * {@code parentbased_traceidratio}: sampled when the run FAILED or the trace id falls under the
 * ratio. The SDK's own ratio sampler decides here, so both sides agree on every id.
 */
final class TraceHeaders {

  static final String HEADER = "traceparent";

  private final SplittableRandom random;
  private final Sampler ratio;

  /** @param ratio the producer's {@code otel.traces.sampler.arg} */
  TraceHeaders(long seed, double ratio) {
    this.random = new SplittableRandom(seed);
    this.ratio = Sampler.traceIdRatioBased(ratio);
  }

  /** One trace: its ids, and whether the ratio profile samples it. */
  record Trace(String traceId, String spanId, boolean ratioSampled) {

    /** The header a producer sampling everything sends. */
    byte[] sampledHeader() {
      return header(true);
    }

    /** The header a producer in the high-rate profile sends. */
    byte[] ratioHeader() {
      return header(ratioSampled);
    }

    byte[] header(boolean sampled) {
      return ("00-" + traceId + "-" + spanId + (sampled ? "-01" : "-00")).getBytes(StandardCharsets.US_ASCII);
    }
  }

  Trace next(boolean failed) {
    String traceId = hex(random.nextLong()) + hex(random.nextLong());
    String spanId = hex(random.nextLong() | 1L); // never all zeros
    boolean sampled =
        failed
            || ratio
                    .shouldSample(Context.root(), traceId, "ingestion.run", SpanKind.INTERNAL, Attributes.empty(), List.of())
                    .getDecision()
                == SamplingDecision.RECORD_AND_SAMPLE;
    return new Trace(traceId, spanId, sampled);
  }

  private static String hex(long value) {
    String s = Long.toHexString(value);
    return "0".repeat(16 - s.length()) + s;
  }
}

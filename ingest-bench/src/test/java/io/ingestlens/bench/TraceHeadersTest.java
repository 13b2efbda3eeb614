package io.ingestlens.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.ingestlens.runtime.otel.FailedRunsSampler;
import io.ingestlens.runtime.otel.IngestionAttributes;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceHeadersTest {

  /** The producer's sampler in the high-rate profile, as ServiceTelemetry builds it. */
  private static final Sampler PRODUCER =
      new FailedRunsSampler(Sampler.parentBased(Sampler.traceIdRatioBased(0.1)));

  @Test
  void headersAreW3cTraceparentsThatDifferOnlyInTheFlag() {
    TraceHeaders.Trace trace = new TraceHeaders(1, 0.1).next(false);
    String sampled = new String(trace.sampledHeader(), StandardCharsets.US_ASCII);
    String ratio = new String(trace.ratioHeader(), StandardCharsets.US_ASCII);
    assertThat(sampled).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
    assertThat(ratio).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
    assertThat(ratio.substring(0, 53)).isEqualTo(sampled.substring(0, 53));
  }

  @Test
  void ratioFlagFollowsTheProducersSamplerForEveryTrace() {
    TraceHeaders headers = new TraceHeaders(7, 0.1);
    int sampled = 0;
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      boolean failed = i % 33 == 0;
      TraceHeaders.Trace trace = headers.next(failed);
      Attributes attributes = Attributes.of(IngestionAttributes.STATUS, failed ? "FAILED" : "SUCCESS");
      boolean producerSamples =
          PRODUCER.shouldSample(Context.root(), trace.traceId(), "ingestion.run", SpanKind.INTERNAL, attributes, List.of())
              .getDecision() == SamplingDecision.RECORD_AND_SAMPLE;
      assertThat(trace.ratioSampled()).as("trace %s", trace.traceId()).isEqualTo(producerSamples);
      sampled += trace.ratioSampled() ? 1 : 0;
    }
    // 10% by ratio, plus the failed runs (1 in 33) the ratio did not pick.
    assertThat((double) sampled / n).isBetween(0.11, 0.15);
  }
}

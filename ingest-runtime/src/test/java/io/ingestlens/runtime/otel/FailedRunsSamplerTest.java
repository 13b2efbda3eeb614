package io.ingestlens.runtime.otel;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailedRunsSamplerTest {

  private final Sampler sampler = new FailedRunsSampler(Sampler.alwaysOff());
  private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

  @Test
  void failedRunsAreSampledWhateverTheDelegateSays() {
    var result =
        sampler.shouldSample(
            Context.root(), TRACE_ID, "ingestion.run", SpanKind.INTERNAL,
            Attributes.of(IngestionAttributes.STATUS, "FAILED"), List.of());
    assertThat(result.getDecision()).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
  }

  @Test
  void otherRunsFollowTheDelegate() {
    var result =
        sampler.shouldSample(
            Context.root(), TRACE_ID, "ingestion.run", SpanKind.INTERNAL,
            Attributes.of(IngestionAttributes.STATUS, "SUCCESS"), List.of());
    assertThat(result.getDecision()).isEqualTo(SamplingDecision.DROP);
  }
}

package io.ingestlens.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OtlpReceiverTest {

  @Test
  void decodesWhatAnExporterSendsAndBehavesAsToldInBetween() {
    try (OtlpReceiver receiver = OtlpReceiver.start();
        OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
            .setEndpoint(receiver.endpoint() + "/v1/traces").setRetryPolicy(null).build();
        SdkTracerProvider tracing = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()) {
      tracing.get("t").spanBuilder("first").setAttribute("k", "v").startSpan().end();
      assertThat(flushed(tracing)).isTrue();

      receiver.refuseWith(503);
      tracing.get("t").spanBuilder("refused").startSpan().end();
      assertThat(flushed(tracing)).isFalse();

      receiver.goAway();
      tracing.get("t").spanBuilder("nobody there").startSpan().end();
      assertThat(flushed(tracing)).isFalse();

      receiver.comeBack();
      receiver.accept();
      tracing.get("t").spanBuilder("back").startSpan().end();
      assertThat(flushed(tracing)).isTrue();

      assertThat(receiver.spans()).extracting(s -> s.span().getName()).containsExactly("first", "back");
      assertThat(receiver.spans().get(0).attribute("k")).isEqualTo("v");
      assertThat(receiver.refusedCount()).isEqualTo(1);
    }
  }

  private static boolean flushed(SdkTracerProvider tracing) {
    CompletableResultCode result = tracing.forceFlush().join(10, TimeUnit.SECONDS);
    return result.isSuccess();
  }
}

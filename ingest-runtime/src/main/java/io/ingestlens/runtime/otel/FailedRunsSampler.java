package io.ingestlens.runtime.otel;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;

/**
 * Samples every span that says its run FAILED, and leaves every other decision to the configured
 * sampler ({@code OTEL_TRACES_SAMPLER}). A failure is the trace people need most; a ratio must never
 * hide it.
 */
public final class FailedRunsSampler implements Sampler {

  private final Sampler delegate;

  public FailedRunsSampler(Sampler delegate) {
    this.delegate = delegate;
  }

  @Override
  public SamplingResult shouldSample(
      Context parentContext,
      String traceId,
      String name,
      SpanKind spanKind,
      Attributes attributes,
      List<LinkData> parentLinks) {
    if ("FAILED".equals(attributes.get(IngestionAttributes.STATUS))) {
      return SamplingResult.recordAndSample();
    }
    return delegate.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
  }

  @Override
  public String getDescription() {
    return "FailedRunsSampler{" + delegate.getDescription() + "}";
  }
}

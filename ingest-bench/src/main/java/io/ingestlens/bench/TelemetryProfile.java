package io.ingestlens.bench;

import io.ingestlens.processor.RunLogs;
import io.ingestlens.runtime.otel.ServiceTelemetry;
import io.ingestlens.runtime.otel.backpressure.TelemetryOverflow;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizer;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The two sampling profiles the services are deployed with, applied through the production SDK
 * setup ({@link ServiceTelemetry}, autoconfigure) as settings that win over any {@code OTEL_*}
 * variable of the shell, plus the processor's run-log setting. Everything else (queue sizes, batch
 * sizes, propagators) is the services' default.
 */
enum TelemetryProfile {
  /** Every event: its metrics, its log record, its trace. */
  FULL("parentbased_always_on", null, RunLogs.ALL),
  /**
   * Traces of 10% of the runs plus every FAILED one (FailedRunsSampler), log records for those
   * runs only (INGEST_RUN_LOGS=sampled); metrics count every run.
   */
  HIGH_RATE("parentbased_traceidratio", Double.toString(Dataset.TRACE_RATIO), RunLogs.SAMPLED);

  /** The deployment's export interval (compose.yaml: OTEL_METRIC_EXPORT_INTERVAL). */
  static final String METRIC_EXPORT_INTERVAL_MS = "10000";

  private final String sampler;
  private final String samplerArg;
  private final RunLogs runLogs;

  TelemetryProfile(String sampler, String samplerArg, RunLogs runLogs) {
    this.sampler = sampler;
    this.samplerArg = samplerArg;
    this.runLogs = runLogs;
  }

  /** The processor's INGEST_RUN_LOGS in this profile. */
  RunLogs runLogs() {
    return runLogs;
  }

  /**
   * @param extra settings given with --otel, applied last (a variant being tried)
   */
  Map<String, String> overrides(String serviceName, String endpoint, Map<String, String> extra) {
    Map<String, String> settings = new HashMap<>();
    settings.put("otel.service.name", serviceName);
    settings.put("otel.exporter.otlp.endpoint", endpoint);
    settings.put("otel.exporter.otlp.protocol", "http/protobuf");
    settings.put("otel.traces.exporter", "otlp");
    settings.put("otel.metrics.exporter", "otlp");
    settings.put("otel.logs.exporter", "otlp");
    settings.put("otel.metric.export.interval", METRIC_EXPORT_INTERVAL_MS);
    settings.put("otel.traces.sampler", sampler);
    if (samplerArg != null) {
      settings.put("otel.traces.sampler.arg", samplerArg);
    }
    settings.putAll(extra);
    return settings;
  }

  /**
   * Starts the producer's SDK as ProducerMain does, exporting to {@code endpoint}, --otel settings
   * on top; {@code overflow} as INGEST_TELEMETRY_OVERFLOW would set it.
   */
  ServiceTelemetry start(
      String serviceName, String loggerName, String endpoint, Map<String, String> extra, TelemetryOverflow overflow) {
    return ServiceTelemetry.builder(serviceName, loggerName)
        .overrides(overrides(serviceName, endpoint, extra))
        .overflow(overflow)
        .start();
  }

  /**
   * Starts the processor's SDK as ProcessorMain does: metrics exported at the processor's
   * checkpoints ({@code telemetry.checkpoint()}), every {@code otel.metric.export.interval}.
   */
  ServiceTelemetry startWithCheckpoints(
      String serviceName,
      String loggerName,
      String endpoint,
      Map<String, String> extra,
      TelemetryOverflow overflow,
      Consumer<AutoConfigurationCustomizer> customizer) {
    return ServiceTelemetry.builder(serviceName, loggerName)
        .overrides(overrides(serviceName, endpoint, extra))
        .customize(customizer)
        .metricCheckpoints()
        .overflow(overflow)
        .start();
  }
}

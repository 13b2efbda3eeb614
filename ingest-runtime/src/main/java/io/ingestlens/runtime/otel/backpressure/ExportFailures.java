package io.ingestlens.runtime.otel.backpressure;

import io.opentelemetry.exporter.internal.FailedExportException;
import io.opentelemetry.sdk.common.export.GrpcResponse;
import io.opentelemetry.sdk.common.export.GrpcStatusCode;
import io.opentelemetry.sdk.common.export.HttpResponse;
import java.util.EnumSet;
import java.util.Set;

/**
 * Tells a failed OTLP export that may succeed later (the collector is away, restarting or asks to
 * slow down) from one that never will (the collector refused the data itself).
 *
 * <p>The sets are the OTLP specification's retryable responses, the ones the SDK's exporters
 * retry themselves before they give up: when a collector is down for longer than the exporter's
 * few retries, the same batch is worth sending again.
 */
final class ExportFailures {

  /** OTLP/HTTP: "Retryable response codes" of the OTLP specification. */
  private static final Set<Integer> RETRYABLE_HTTP = Set.of(429, 502, 503, 504);

  /** OTLP/gRPC: the specification's retryable status codes. */
  private static final Set<GrpcStatusCode> RETRYABLE_GRPC =
      EnumSet.of(
          GrpcStatusCode.CANCELLED,
          GrpcStatusCode.DEADLINE_EXCEEDED,
          GrpcStatusCode.RESOURCE_EXHAUSTED,
          GrpcStatusCode.ABORTED,
          GrpcStatusCode.OUT_OF_RANGE,
          GrpcStatusCode.UNAVAILABLE,
          GrpcStatusCode.DATA_LOSS);

  private ExportFailures() {}

  /**
   * True when the export failed without an answer (connection refused or lost, timeout) or with a
   * retryable one. False for a refusal of the data, and for a failure that says nothing (an
   * exporter already shut down).
   */
  static boolean retryable(Throwable failure) {
    if (failure instanceof FailedExportException.HttpExportException http) {
      HttpResponse response = http.getResponse();
      return response == null || RETRYABLE_HTTP.contains(response.getStatusCode());
    }
    if (failure instanceof FailedExportException.GrpcExportException grpc) {
      GrpcResponse response = grpc.getResponse();
      return response == null || RETRYABLE_GRPC.contains(response.getStatusCode());
    }
    return false;
  }

  /** One line for a log message. */
  static String describe(Throwable failure) {
    if (failure == null) {
      return "export failed";
    }
    if (failure instanceof FailedExportException.HttpExportException http && http.getResponse() != null) {
      return "HTTP " + http.getResponse().getStatusCode();
    }
    if (failure instanceof FailedExportException.GrpcExportException grpc && grpc.getResponse() != null) {
      return "gRPC " + grpc.getResponse().getStatusCode();
    }
    Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
    return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
  }
}

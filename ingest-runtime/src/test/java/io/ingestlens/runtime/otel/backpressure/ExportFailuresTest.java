package io.ingestlens.runtime.otel.backpressure;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.exporter.internal.FailedExportException;
import io.opentelemetry.sdk.common.export.GrpcResponse;
import io.opentelemetry.sdk.common.export.GrpcStatusCode;
import io.opentelemetry.sdk.common.export.HttpResponse;
import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ExportFailuresTest {

  @ParameterizedTest
  @CsvSource({"429, true", "502, true", "503, true", "504, true", "400, false", "401, false", "413, false", "500, false"})
  void anHttpAnswerIsRetryableWhenTheSpecificationSaysSo(int status, boolean retryable) {
    Throwable failure = FailedExportException.httpFailedWithResponse(http(status));
    assertThat(ExportFailures.retryable(failure)).isEqualTo(retryable);
    assertThat(ExportFailures.describe(failure)).isEqualTo("HTTP " + status);
  }

  @Test
  void noAnswerAtAllIsRetryable() {
    Throwable refused = FailedExportException.httpFailedExceptionally(new ConnectException("Connection refused"));
    assertThat(ExportFailures.retryable(refused)).isTrue();
    assertThat(ExportFailures.describe(refused)).isEqualTo("ConnectException: Connection refused");
    assertThat(ExportFailures.retryable(FailedExportException.grpcFailedExceptionally(new IOException("reset")))).isTrue();
  }

  @Test
  void grpcStatusesFollowTheSpecification() {
    assertThat(ExportFailures.retryable(FailedExportException.grpcFailedWithResponse(grpc(GrpcStatusCode.UNAVAILABLE)))).isTrue();
    assertThat(ExportFailures.retryable(FailedExportException.grpcFailedWithResponse(grpc(GrpcStatusCode.RESOURCE_EXHAUSTED)))).isTrue();
    assertThat(ExportFailures.retryable(FailedExportException.grpcFailedWithResponse(grpc(GrpcStatusCode.INVALID_ARGUMENT)))).isFalse();
  }

  @Test
  void aFailureThatSaysNothingIsNotRetried() {
    assertThat(ExportFailures.retryable(null)).isFalse();
    assertThat(ExportFailures.retryable(new IllegalStateException("exporter shut down"))).isFalse();
    assertThat(ExportFailures.describe(null)).isEqualTo("export failed");
  }

  static HttpResponse http(int status) {
    return new HttpResponse() {
      @Override
      public int getStatusCode() {
        return status;
      }

      @Override
      public String getStatusMessage() {
        return "status " + status;
      }

      @Override
      public byte[] getResponseBody() {
        return new byte[0];
      }
    };
  }

  private static GrpcResponse grpc(GrpcStatusCode code) {
    return new GrpcResponse() {
      @Override
      public GrpcStatusCode getStatusCode() {
        return code;
      }

      @Override
      public String getStatusDescription() {
        return code.name();
      }

      @Override
      public byte[] getResponseMessage() {
        return new byte[0];
      }
    };
  }
}

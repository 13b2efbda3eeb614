package io.ingestlens.quickstart;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A minimal OTLP/gRPC receiver on a real gRPC server: the three collector services' Export
 * methods, decoded with the OpenTelemetry protobuf classes.
 *
 * <p>Kept beside the shared OTLP/HTTP receiver (ingest-testkit's {@code OtlpReceiver}) for one
 * test: {@link OtlpWireTest} proves the services export over {@code grpc} too, which takes a real
 * gRPC server. Only that test needs gRPC, so the dependency on grpc-netty stays in this module.
 */
final class OtlpGrpcReceiver implements AutoCloseable {

  final List<ExportTraceServiceRequest> traces = new CopyOnWriteArrayList<>();
  final List<ExportMetricsServiceRequest> metrics = new CopyOnWriteArrayList<>();
  final List<ExportLogsServiceRequest> logs = new CopyOnWriteArrayList<>();
  private final Server server;

  OtlpGrpcReceiver() throws IOException {
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(
                service(
                    "opentelemetry.proto.collector.trace.v1.TraceService",
                    ExportTraceServiceRequest::parseFrom,
                    ExportTraceServiceResponse.getDefaultInstance(),
                    traces::add))
            .addService(
                service(
                    "opentelemetry.proto.collector.metrics.v1.MetricsService",
                    ExportMetricsServiceRequest::parseFrom,
                    ExportMetricsServiceResponse.getDefaultInstance(),
                    metrics::add))
            .addService(
                service(
                    "opentelemetry.proto.collector.logs.v1.LogsService",
                    ExportLogsServiceRequest::parseFrom,
                    ExportLogsServiceResponse.getDefaultInstance(),
                    logs::add))
            .build()
            .start();
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getPort();
  }

  private interface Parser<T> {
    T parse(byte[] bytes) throws InvalidProtocolBufferException;
  }

  private static <Q extends MessageLite, R extends MessageLite> ServerServiceDefinition service(
      String serviceName, Parser<Q> parser, R response, Consumer<Q> sink) {
    MethodDescriptor<Q, R> method =
        MethodDescriptor.<Q, R>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(MethodDescriptor.generateFullMethodName(serviceName, "Export"))
            .setRequestMarshaller(marshaller(parser::parse))
            .setResponseMarshaller(marshaller(bytes -> response))
            .build();
    return ServerServiceDefinition.builder(serviceName)
        .addMethod(
            method,
            ServerCalls.asyncUnaryCall(
                (request, observer) -> {
                  sink.accept(request);
                  observer.onNext(response);
                  observer.onCompleted();
                }))
        .build();
  }

  private static <T extends MessageLite> MethodDescriptor.Marshaller<T> marshaller(Parser<T> parser) {
    return new MethodDescriptor.Marshaller<>() {
      @Override
      public InputStream stream(T value) {
        return new ByteArrayInputStream(value.toByteArray());
      }

      @Override
      public T parse(InputStream stream) {
        try {
          return parser.parse(stream.readAllBytes());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }
}

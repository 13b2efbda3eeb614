package io.ingestlens.quickstart;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

/**
 * A minimal OTLP/HTTP receiver: accepts protobuf exports on the three standard paths and decodes
 * them with the OpenTelemetry protobuf classes, so tests see exactly what went over the wire.
 */
final class OtlpHttpReceiver implements AutoCloseable {

  final List<ExportTraceServiceRequest> traces = new CopyOnWriteArrayList<>();
  final List<ExportMetricsServiceRequest> metrics = new CopyOnWriteArrayList<>();
  final List<ExportLogsServiceRequest> logs = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  private final CountDownLatch gate;

  OtlpHttpReceiver() throws IOException {
    this(0, new CountDownLatch(0));
  }

  /**
   * A receiver on a given port (0: any) whose every request waits until {@code gate} opens: a
   * collector that hangs, for the tests that prove export never blocks processing.
   */
  OtlpHttpReceiver(int port, CountDownLatch gate) throws IOException {
    this.gate = gate;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/v1/traces", ex -> handle(ex, in -> traces.add(ExportTraceServiceRequest.parseFrom(in))));
    server.createContext("/v1/metrics", ex -> handle(ex, in -> metrics.add(ExportMetricsServiceRequest.parseFrom(in))));
    server.createContext("/v1/logs", ex -> handle(ex, in -> logs.add(ExportLogsServiceRequest.parseFrom(in))));
    server.start();
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private interface Decoder {
    void decode(InputStream body) throws IOException;
  }

  private void handle(HttpExchange exchange, Decoder decoder) throws IOException {
    try (exchange) {
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (!"application/x-protobuf".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
        exchange.sendResponseHeaders(415, -1);
        return;
      }
      InputStream body = exchange.getRequestBody();
      if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
        body = new GZIPInputStream(body);
      }
      decoder.decode(body);
      exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, 0); // an empty Export*ServiceResponse is zero bytes
    }
  }

  int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    gate.countDown();
    server.stop(0);
  }
}

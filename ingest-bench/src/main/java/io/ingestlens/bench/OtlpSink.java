package io.ingestlens.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * An OTLP/HTTP endpoint that accepts every request with 200 and discards it, counting requests and
 * bytes per signal: the collector's cost stays out of the figures, the exporters' does not.
 *
 * <p>Metric requests (one every export interval) are also decoded, to read the SDK's own metrics:
 * the batch processors' processed and dropped counts ({@code processedSpans},
 * {@code processedLogs} with {@code dropped=true}) and the exporters' success counts. Traces and
 * logs are never decoded: that would cost CPU the services compete for.
 */
final class OtlpSink implements AutoCloseable {

  static final String TRACES = "/v1/traces";
  static final String METRICS = "/v1/metrics";
  static final String LOGS = "/v1/logs";

  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<String, AtomicLong> bytes = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();
  private final Map<String, Double> selfMetrics = new ConcurrentHashMap<>();

  private OtlpSink(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  static OtlpSink start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
      AtomicInteger n = new AtomicInteger();
      ExecutorService executor =
          Executors.newFixedThreadPool(
              2,
              r -> {
                Thread t = new Thread(r, "otlp-sink-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      OtlpSink sink = new OtlpSink(server, executor);
      server.createContext("/", sink::handle);
      server.setExecutor(executor);
      server.start();
      return sink;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the OTLP sink", e);
    }
  }

  /** The base endpoint, for {@code otel.exporter.otlp.endpoint}. */
  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** What arrived since the last reset. */
  record Received(Map<String, Long> bytes, Map<String, Long> requests, Map<String, Double> selfMetrics) {

    long bytes(String path) {
      return bytes.getOrDefault(path, 0L);
    }

    long totalBytes() {
      return bytes.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Whether the SDK reported this self-metric at all (drops can only be counted if it did). */
    boolean reports(String metricName) {
      return selfMetrics.keySet().stream().anyMatch(k -> k.startsWith(metricName + "{"));
    }

    /** The newest value of an SDK self-metric whose name and attributes contain every part. */
    double self(String... parts) {
      return selfMetrics.entrySet().stream()
          .filter(e -> Arrays.stream(parts).allMatch(p -> e.getKey().contains(p)))
          .mapToDouble(Map.Entry::getValue)
          .sum();
    }
  }

  /** Returns what arrived so far and starts counting again. */
  synchronized Received reset() {
    Received received = new Received(snapshot(bytes), snapshot(requests), new TreeMap<>(selfMetrics));
    bytes.clear();
    requests.clear();
    selfMetrics.clear();
    return received;
  }

  private static Map<String, Long> snapshot(Map<String, AtomicLong> counters) {
    return counters.entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get(), (a, b) -> a, TreeMap::new));
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      long size;
      try (InputStream in = exchange.getRequestBody()) {
        if (METRICS.equals(path)) {
          byte[] body = in.readAllBytes();
          size = body.length;
          readSelfMetrics(body);
        } else {
          size = in.transferTo(OutputStream.nullOutputStream());
        }
      }
      bytes.computeIfAbsent(path, p -> new AtomicLong()).addAndGet(size);
      requests.computeIfAbsent(path, p -> new AtomicLong()).incrementAndGet();
      exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, -1); // an empty ExportServiceResponse: all accepted
    }
  }

  /** Keeps the newest value of each SDK self-metric point (cumulative sums, gauges). */
  private void readSelfMetrics(byte[] body) {
    ExportMetricsServiceRequest request;
    try {
      request = ExportMetricsServiceRequest.parseFrom(body);
    } catch (IOException e) {
      return; // not ours to judge: the sink accepts everything
    }
    for (ResourceMetrics rm : request.getResourceMetricsList()) {
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        for (Metric metric : sm.getMetricsList()) {
          if (!isSelfMetric(metric.getName())) {
            continue;
          }
          List<NumberDataPoint> points = metric.hasSum() ? metric.getSum().getDataPointsList()
              : metric.hasGauge() ? metric.getGauge().getDataPointsList() : List.of();
          for (NumberDataPoint point : points) {
            double value = point.hasAsInt() ? point.getAsInt() : point.getAsDouble();
            String key = metric.getName() + attributes(point.getAttributesList());
            if (metric.hasGauge()) {
              selfMetrics.merge(key, value, Math::max);
            } else {
              selfMetrics.put(key, value);
            }
          }
        }
      }
    }
  }

  static boolean isSelfMetric(String name) {
    return name.equals("processedSpans") || name.equals("processedLogs") || name.equals("queueSize")
        || name.startsWith("otlp.exporter.") || name.startsWith("otel.sdk.");
  }

  private static String attributes(List<KeyValue> attributes) {
    return attributes.stream()
        .map(kv -> kv.getKey() + "=" + value(kv))
        .sorted()
        .collect(Collectors.joining(",", "{", "}"));
  }

  private static String value(KeyValue kv) {
    var v = kv.getValue();
    return switch (v.getValueCase()) {
      case STRING_VALUE -> v.getStringValue();
      case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
      case INT_VALUE -> Long.toString(v.getIntValue());
      case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
      default -> v.toString().trim();
    };
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}

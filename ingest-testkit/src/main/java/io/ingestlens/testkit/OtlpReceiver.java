package io.ingestlens.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP collector for tests: accepts protobuf exports on the three standard paths, decodes
 * them with the OpenTelemetry protobuf classes (so a test sees exactly what went over the wire),
 * and can be made to behave like a collector in trouble: {@link #refuseWith refusing},
 * {@link #slowDown slow}, {@link #hold hanging}, {@link #goAway gone}, then {@link #comeBack back}
 * on the same port.
 *
 * <p>A receiver {@link #start(Keeping) started to count} keeps only how many spans and log records
 * arrived (metrics are still decoded and kept): for runs too long to hold every request in memory,
 * such as the benchmark's.
 */
public final class OtlpReceiver implements AutoCloseable {

  /** A span as received, with the {@code service.name} of its resource. */
  public record ReceivedSpan(String service, String scope, Span span) {
    public String attribute(String key) {
      return OtlpReceiver.attribute(span.getAttributesList(), key);
    }
  }

  /** A log record as received, with the {@code service.name} of its resource and its scope. */
  public record ReceivedLog(String service, String scope, LogRecord record) {
    public String attribute(String key) {
      return OtlpReceiver.attribute(record.getAttributesList(), key);
    }
  }

  /** What a receiver keeps of the spans and log records it takes; metrics are always decoded and kept. */
  public enum Keeping {
    /** Every request, decoded ({@link #traces()}, {@link #spans()}...). */
    EVERYTHING,
    /** Each request decoded with the protobuf classes, its items counted, then let go. */
    DECODED_COUNTS,
    /**
     * Items counted by walking the protobuf wire format, nothing decoded into objects: the least
     * CPU and memory a receiver can spend while still knowing what arrived.
     */
    WIRE_COUNTS
  }

  /**
   * The tags of the nesting of spans and log records in an export request: both requests are
   * {@code resource_* = 1} of {@code scope_* = 2} of items {@code = 2} (the same numbers in
   * both protos, as the generated constants say).
   */
  private static final int RESOURCES = lengthDelimited(ExportTraceServiceRequest.RESOURCE_SPANS_FIELD_NUMBER);
  private static final int SCOPES = lengthDelimited(ResourceSpans.SCOPE_SPANS_FIELD_NUMBER);
  private static final int ITEMS = lengthDelimited(ScopeSpans.SPANS_FIELD_NUMBER);

  static {
    if (RESOURCES != lengthDelimited(ExportLogsServiceRequest.RESOURCE_LOGS_FIELD_NUMBER)
        || SCOPES != lengthDelimited(ResourceLogs.SCOPE_LOGS_FIELD_NUMBER)
        || ITEMS != lengthDelimited(ScopeLogs.LOG_RECORDS_FIELD_NUMBER)) {
      throw new ExceptionInInitializerError("spans and log records no longer nest alike in OTLP");
    }
  }

  private final Keeping keeping;
  private final LongAdder spanCount = new LongAdder();
  private final LongAdder logRecordCount = new LongAdder();
  private final Map<String, LongAdder> bodyBytes = new ConcurrentHashMap<>();
  private final List<ExportTraceServiceRequest> traces = new CopyOnWriteArrayList<>();
  private final List<ExportMetricsServiceRequest> metrics = new CopyOnWriteArrayList<>();
  private final List<ExportLogsServiceRequest> logs = new CopyOnWriteArrayList<>();
  private final AtomicInteger refused = new AtomicInteger();
  private final AtomicInteger held = new AtomicInteger();
  private volatile CountDownLatch holding;
  private volatile int status = 200;
  private volatile Duration delay = Duration.ZERO;
  private HttpServer server;
  private ExecutorService executor;
  private int lastPort;

  private OtlpReceiver(Keeping keeping) {
    this.keeping = keeping;
  }

  /** A receiver on a free loopback port, keeping every request. */
  public static OtlpReceiver start() {
    return start(Keeping.EVERYTHING);
  }

  /** A receiver on a free loopback port, keeping what {@code keeping} says. */
  public static OtlpReceiver start(Keeping keeping) {
    OtlpReceiver receiver = new OtlpReceiver(keeping);
    receiver.listen(0);
    return receiver;
  }

  /** The base endpoint, for {@code OTEL_EXPORTER_OTLP_ENDPOINT}. */
  public String endpoint() {
    return "http://127.0.0.1:" + port();
  }

  public synchronized int port() {
    return lastPort;
  }

  /** From now on every export is answered with this HTTP status without being kept (e.g. 503). */
  public void refuseWith(int httpStatus) {
    status = httpStatus;
  }

  /** Back to taking every export (200). */
  public void accept() {
    status = 200;
  }

  /** Each export waits this long before it is answered: a collector slower than the services. */
  public void slowDown(Duration perRequest) {
    delay = perRequest;
  }

  /**
   * From now on each export hangs, unanswered, until {@link #release()}; then it is answered 503
   * and not kept, as if it had never arrived: an export in flight when its sender dies.
   */
  public synchronized void hold() {
    if (holding == null) { // held already: the exports waiting stay on the same latch
      holding = new CountDownLatch(1);
    }
  }

  /** Answers the held exports (503, not kept) and takes exports again. */
  public synchronized void release() {
    CountDownLatch latch = holding;
    holding = null;
    if (latch != null) {
      latch.countDown();
    }
  }

  /** Exports that arrived while {@link #hold holding}, so far. */
  public int heldCount() {
    return held.get();
  }

  /** Stops listening: exports are refused at the connection, as with a collector that is down. */
  public synchronized void goAway() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
      server = null;
    }
  }

  /** Listens again on the same port. */
  public synchronized void comeBack() {
    if (server == null) {
      listen(lastPort);
    }
  }

  private synchronized void listen(int on) {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", on), 64);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on 127.0.0.1:" + on, e);
    }
    lastPort = server.getAddress().getPort();
    executor = Executors.newFixedThreadPool(4, task -> {
      Thread thread = new Thread(task, "otlp-receiver");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    server.createContext("/v1/traces", ex -> handle(ex, this::takeTraces));
    server.createContext("/v1/metrics", ex -> handle(ex, in -> metrics.add(ExportMetricsServiceRequest.parseFrom(in))));
    server.createContext("/v1/logs", ex -> handle(ex, this::takeLogs));
    server.start();
  }

  private void takeTraces(InputStream body) throws IOException {
    if (keeping == Keeping.WIRE_COUNTS) {
      spanCount.add(countItems(CodedInputStream.newInstance(body.readAllBytes())));
      return;
    }
    ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
    long n = 0;
    for (ResourceSpans resource : request.getResourceSpansList()) {
      for (ScopeSpans scope : resource.getScopeSpansList()) {
        n += scope.getSpansCount();
      }
    }
    spanCount.add(n);
    if (keeping == Keeping.EVERYTHING) {
      traces.add(request);
    }
  }

  private void takeLogs(InputStream body) throws IOException {
    if (keeping == Keeping.WIRE_COUNTS) {
      logRecordCount.add(countItems(CodedInputStream.newInstance(body.readAllBytes())));
      return;
    }
    ExportLogsServiceRequest request = ExportLogsServiceRequest.parseFrom(body);
    long n = 0;
    for (ResourceLogs resource : request.getResourceLogsList()) {
      for (ScopeLogs scope : resource.getScopeLogsList()) {
        n += scope.getLogRecordsCount();
      }
    }
    logRecordCount.add(n);
    if (keeping == Keeping.EVERYTHING) {
      logs.add(request);
    }
  }

  /** Spans in an ExportTraceServiceRequest, or log records in an ExportLogsServiceRequest. */
  static long countItems(CodedInputStream request) throws IOException {
    long count = 0;
    for (int tag = request.readTag(); tag != 0; tag = request.readTag()) {
      if (tag != RESOURCES) {
        request.skipField(tag);
        continue;
      }
      int resourceEnd = request.pushLimit(request.readRawVarint32());
      for (int rTag = request.readTag(); rTag != 0; rTag = request.readTag()) {
        if (rTag != SCOPES) {
          request.skipField(rTag);
          continue;
        }
        int scopeEnd = request.pushLimit(request.readRawVarint32());
        for (int sTag = request.readTag(); sTag != 0; sTag = request.readTag()) {
          if (sTag == ITEMS) {
            count++;
          }
          request.skipField(sTag);
        }
        request.popLimit(scopeEnd);
      }
      request.popLimit(resourceEnd);
    }
    return count;
  }

  /** Spans received so far, however the receiver keeps them. */
  public long spanCount() {
    return spanCount.sum();
  }

  /** Log records received so far, however the receiver keeps them. */
  public long logRecordCount() {
    return logRecordCount.sum();
  }

  /** Request body bytes received so far (as sent: compressed if the sender compressed), by path. */
  public Map<String, Long> bodyBytes() {
    Map<String, Long> bytes = new TreeMap<>();
    bodyBytes.forEach((path, n) -> bytes.put(path, n.sum()));
    return bytes;
  }

  public List<ExportTraceServiceRequest> traces() {
    return traces;
  }

  public List<ExportMetricsServiceRequest> metrics() {
    return metrics;
  }

  public List<ExportLogsServiceRequest> logs() {
    return logs;
  }

  /** Every span received so far. */
  public List<ReceivedSpan> spans() {
    List<ReceivedSpan> spans = new ArrayList<>();
    for (ExportTraceServiceRequest request : traces) {
      for (ResourceSpans resource : request.getResourceSpansList()) {
        String service = serviceName(resource.getResource());
        for (ScopeSpans scope : resource.getScopeSpansList()) {
          scope.getSpansList().forEach(s -> spans.add(new ReceivedSpan(service, scope.getScope().getName(), s)));
        }
      }
    }
    return spans;
  }

  /** Every log record received so far. */
  public List<ReceivedLog> logRecords() {
    List<ReceivedLog> records = new ArrayList<>();
    for (ExportLogsServiceRequest request : logs) {
      for (ResourceLogs resource : request.getResourceLogsList()) {
        String service = serviceName(resource.getResource());
        for (ScopeLogs scope : resource.getScopeLogsList()) {
          scope.getLogRecordsList().forEach(r -> records.add(new ReceivedLog(service, scope.getScope().getName(), r)));
        }
      }
    }
    return records;
  }

  /**
   * The newest value of each series of a cumulative counter (or sum), keyed
   * {@code <service.instance.id>{k=v,...}} with the point's attributes sorted.
   */
  public Map<String, Long> counterSeries(String metric) {
    Map<String, Long> series = new TreeMap<>();
    for (ExportMetricsServiceRequest request : metrics) {
      for (ResourceMetrics resource : request.getResourceMetricsList()) {
        String instance = attribute(resource.getResource().getAttributesList(), "service.instance.id");
        for (ScopeMetrics scope : resource.getScopeMetricsList()) {
          for (Metric m : scope.getMetricsList()) {
            if (m.getName().equals(metric) && m.hasSum()) {
              for (NumberDataPoint point : m.getSum().getDataPointsList()) {
                String key = instance + point.getAttributesList().stream()
                    .map(kv -> kv.getKey() + "=" + attribute(point.getAttributesList(), kv.getKey()))
                    .sorted().collect(Collectors.joining(",", "{", "}"));
                // Requests are kept in arrival order: the last value is the newest.
                series.put(key, point.hasAsInt() ? point.getAsInt() : (long) point.getAsDouble());
              }
            }
          }
        }
      }
    }
    return series;
  }

  /** The newest total of a cumulative counter per exporting instance ({@code service.instance.id}). */
  public Map<String, Long> counterTotals(String metric) {
    Map<String, Long> totals = new TreeMap<>();
    counterSeries(metric).forEach((key, value) -> totals.merge(key.substring(0, key.indexOf('{')), value, Long::sum));
    return totals;
  }

  /**
   * Spans and log records the senders' SDKs dropped from full queues, by their own newest metrics
   * ({@code processedSpans} and {@code processedLogs} with {@code dropped=true}).
   */
  public long droppedBySenders() {
    long dropped = 0;
    for (String metric : List.of("processedSpans", "processedLogs")) {
      dropped += counterSeries(metric).entrySet().stream()
          .filter(e -> e.getKey().contains("dropped=true")).mapToLong(Map.Entry::getValue).sum();
    }
    return dropped;
  }

  /** How many metric exports each instance ({@code service.instance.id}) has delivered so far. */
  public Map<String, Integer> metricExports() {
    Map<String, Integer> exports = new TreeMap<>();
    for (ExportMetricsServiceRequest request : metrics) {
      request.getResourceMetricsList().stream()
          .map(resource -> attribute(resource.getResource().getAttributesList(), "service.instance.id"))
          .distinct()
          .forEach(instance -> exports.merge(instance, 1, Integer::sum));
    }
    return exports;
  }

  /** Exports answered with an error status so far. */
  public int refusedCount() {
    return refused.get();
  }

  /** Forgets everything received. */
  public void clear() {
    traces.clear();
    metrics.clear();
    logs.clear();
    spanCount.reset();
    logRecordCount.reset();
    bodyBytes.clear();
  }

  @Override
  public void close() {
    release();
    goAway();
  }

  /** The string form of an attribute ({@code null} when absent). */
  public static String attribute(List<KeyValue> attributes, String key) {
    for (KeyValue kv : attributes) {
      if (kv.getKey().equals(key)) {
        AnyValue v = kv.getValue();
        return switch (v.getValueCase()) {
          case STRING_VALUE -> v.getStringValue();
          case INT_VALUE -> Long.toString(v.getIntValue());
          case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
          case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
          default -> v.toString();
        };
      }
    }
    return null;
  }

  private static String serviceName(Resource resource) {
    return attribute(resource.getAttributesList(), "service.name");
  }

  private interface Decoder {
    void decode(InputStream body) throws IOException;
  }

  private void handle(HttpExchange exchange, Decoder decoder) throws IOException {
    try (exchange) {
      if (!delay.isZero()) {
        try {
          TimeUnit.NANOSECONDS.sleep(delay.toNanos()); // the collector's own slowness, by design
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      CountDownLatch latch = holding;
      if (latch != null) {
        held.incrementAndGet();
        try {
          latch.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
        exchange.sendResponseHeaders(503, -1);
        return;
      }
      int answer = status;
      if (answer != 200) {
        exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
        refused.incrementAndGet();
        exchange.sendResponseHeaders(answer, -1);
        return;
      }
      if (!"application/x-protobuf".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
        exchange.sendResponseHeaders(415, -1);
        return;
      }
      String path = exchange.getHttpContext().getPath();
      InputStream body = new CountingInputStream(exchange.getRequestBody(), bodyBytes.computeIfAbsent(path, p -> new LongAdder()));
      if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
        body = new GZIPInputStream(body);
      }
      decoder.decode(body);
      exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, -1); // an empty Export*ServiceResponse: all accepted
    }
  }

  private static int lengthDelimited(int field) {
    return field << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;
  }

  /** Counts the bytes read through it. */
  private static final class CountingInputStream extends FilterInputStream {
    private final LongAdder bytes;

    CountingInputStream(InputStream in, LongAdder bytes) {
      super(in);
      this.bytes = bytes;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        bytes.increment();
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        bytes.add(n);
      }
      return n;
    }
  }
}

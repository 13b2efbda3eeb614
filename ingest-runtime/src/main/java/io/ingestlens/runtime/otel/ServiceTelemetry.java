package io.ingestlens.runtime.otel;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.ingestlens.runtime.otel.backpressure.CountingBackpressure;
import io.ingestlens.runtime.otel.backpressure.TelemetryBackpressure;
import io.ingestlens.runtime.otel.backpressure.TelemetryOverflow;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.instrumentation.logback.appender.v1_0.OpenTelemetryAppender;
import io.opentelemetry.instrumentation.runtimetelemetry.RuntimeTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdkBuilder;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizer;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.LogLimits;
import io.opentelemetry.sdk.logs.LogLimitsBuilder;
import io.opentelemetry.sdk.logs.SdkLoggerProviderBuilder;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Owns one service's OpenTelemetry SDK: built by autoconfigure from the standard {@code OTEL_*}
 * variables, with the service's resource, the failure-first sampler, JVM runtime metrics and a
 * Logback-to-OpenTelemetry bridge on the service's own loggers. {@link #close()} flushes and shuts
 * down all three signals.
 *
 * <p>The SDK is never made global: the quickstart runs both services in one JVM, each with its own
 * SDK and {@code service.name}.
 *
 * <p>Metrics are exported on the SDK's own schedule ({@link #start}), or when the service says so
 * ({@link Builder#metricCheckpoints()}, then {@link #checkpoint()}).
 */
public final class ServiceTelemetry implements AutoCloseable {

  public static final String SERVICE_NAMESPACE = "ingestlens";
  public static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

  /** The SDK's default for {@code otel.metric.export.interval}. */
  static final Duration DEFAULT_EXPORT_INTERVAL = Duration.ofMinutes(1);

  private final OpenTelemetrySdk sdk;
  private final RuntimeTelemetry runtimeTelemetry;
  private final OpenTelemetryAppender logBridge;
  private final Logger bridgedLogger;
  private final MetricsCheckpoint checkpoint;
  /** Null for a {@link #wrap wrapped} SDK. */
  private final CountingBackpressure backpressure;

  private ServiceTelemetry(
      OpenTelemetrySdk sdk, String loggerName, MetricsCheckpoint checkpoint, CountingBackpressure backpressure) {
    this.sdk = sdk;
    this.checkpoint = checkpoint;
    this.backpressure = backpressure;
    this.runtimeTelemetry = RuntimeTelemetry.create(sdk);
    this.bridgedLogger = (Logger) LoggerFactory.getLogger(loggerName);
    this.logBridge = attachLogBridge(sdk, bridgedLogger);
  }

  /**
   * Starts the SDK of one service with every other setting at its default: telemetry from the
   * environment, metrics exported periodically, overflow {@link TelemetryOverflow#BLOCK}.
   *
   * @param serviceName the default {@code service.name}; {@code OTEL_SERVICE_NAME} overrides it
   * @param loggerName the service's root logger: its records (and its children's) go out as OTLP logs
   * @param overrides settings that win over the environment, e.g. a forced {@code otel.service.name}
   *     when two services share a JVM
   */
  public static ServiceTelemetry start(String serviceName, String loggerName, Map<String, String> overrides) {
    return builder(serviceName, loggerName).overrides(overrides).start();
  }

  /** The SDK of one service, to set up further before {@link Builder#start()}. */
  public static Builder builder(String serviceName, String loggerName) {
    return new Builder(serviceName, loggerName);
  }

  /** How a service's SDK is set up; {@link #start()} builds it. */
  public static final class Builder {
    private final String serviceName;
    private final String loggerName;
    private Map<String, String> overrides = Map.of();
    private Consumer<AutoConfigurationCustomizer> extra = customizer -> {};
    private boolean checkpoints;
    private TelemetryOverflow overflow = TelemetryOverflow.BLOCK;

    private Builder(String serviceName, String loggerName) {
      this.serviceName = serviceName;
      this.loggerName = loggerName;
    }

    /** Settings that win over the environment. */
    public Builder overrides(Map<String, String> overrides) {
      this.overrides = Map.copyOf(overrides);
      return this;
    }

    /**
     * Extra customization on top of the environment's, e.g. an in-memory reader beside the OTLP
     * exporters for the quickstart's summary.
     */
    public Builder customize(Consumer<AutoConfigurationCustomizer> extra) {
      this.extra = this.extra.andThen(extra);
      return this;
    }

    /**
     * Metrics are exported only when the service calls {@link ServiceTelemetry#checkpoint()}{@code .export()}: the
     * periodic reader autoconfigure would make for each configured exporter ({@code
     * otel.metrics.exporter}: otlp, logging...) is replaced by a reader that exports on demand, and
     * {@link MetricsCheckpoint#interval()} is {@code otel.metric.export.interval} (default 60 s), the
     * cadence the service should keep. Readers that pull ({@code prometheus}) or that a customizer
     * registers are left as they are.
     *
     * <p>Why: a consumer that commits its offsets right after an export completes makes its
     * counters and its committed offsets agree, so a crash neither loses nor double-counts what was
     * handled (see the processor).
     */
    public Builder metricCheckpoints() {
      this.checkpoints = true;
      return this;
    }

    /**
     * Whether the service's work waits for its spans and log records to be exported ({@link
     * TelemetryOverflow#BLOCK}, the default, see {@link ServiceTelemetry#backpressure()}) or the SDK drops what does
     * not fit ({@link TelemetryOverflow#DROP}).
     */
    public Builder overflow(TelemetryOverflow overflow) {
      this.overflow = overflow;
      return this;
    }

    public ServiceTelemetry start() {
      preferJdkHttpSender();
      if (!SLF4JBridgeHandler.isInstalled()) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install(); // the SDK reports dropped data through java.util.logging
      }
      AutoConfiguredOpenTelemetrySdkBuilder builder =
          AutoConfiguredOpenTelemetrySdk.builder()
              .addPropertiesSupplier(() -> defaults(serviceName))
              .addPropertiesCustomizer(config -> overrides)
              .addResourceCustomizer((resource, config) -> withServiceDefaults(resource))
              .addSamplerCustomizer((sampler, config) -> new FailedRunsSampler(sampler))
              .addLoggerProviderCustomizer(ServiceTelemetry::logLimitsReadOnce)
              .disableShutdownHook(); // the service shuts down in order: work, then telemetry
      extra.accept(builder);
      // After the caller's customizers, so the exporters and processors wrapped are the final ones.
      CountingBackpressure backpressure = CountingBackpressure.install(builder, serviceName, overflow);
      CheckpointReaders readers = new CheckpointReaders();
      if (checkpoints) {
        // Registered after the caller's customizers, so the exporter caught is the final one.
        builder
            .addMetricExporterCustomizer(readers::exporterMade)
            .addMetricReaderCustomizer(readers::readerMade);
      }
      OpenTelemetrySdk sdk = builder.build().getOpenTelemetrySdk();
      backpressure.attach(sdk);
      return new ServiceTelemetry(sdk, loggerName, readers.checkpoint(), backpressure);
    }
  }

  /** The SDK's setting that picks the OTLP/HTTP sender when several are on the class path. */
  static final String HTTP_SENDER_PROVIDER = "io.opentelemetry.sdk.common.export.HttpSenderProvider";

  static final String JDK_HTTP_SENDER = "io.opentelemetry.exporter.sender.jdk.internal.JdkHttpSenderProvider";

  /**
   * OTLP/HTTP through the JDK's HttpClient rather than OkHttp, unless the setting is given: OkHttp
   * leaves Nagle's algorithm on, so the tail of every export request waited for the collector's
   * delayed ACK (about 40 ms), and with one export in flight per signal that capped a service at
   * about 45,000 spans or log records a second (docs/performance.md). The SDK reads this setting
   * as a system property or as the variable {@code IO_OPENTELEMETRY_SDK_COMMON_EXPORT_HTTPSENDERPROVIDER}.
   */
  static void preferJdkHttpSender() {
    if (System.getProperty(HTTP_SENDER_PROVIDER) == null
        && System.getenv("IO_OPENTELEMETRY_SDK_COMMON_EXPORT_HTTPSENDERPROVIDER") == null) {
      System.setProperty(HTTP_SENDER_PROVIDER, JDK_HTTP_SENDER);
    }
  }

  /** Wraps an SDK built elsewhere (tests with in-memory exporters); same log bridge and shutdown. */
  public static ServiceTelemetry wrap(OpenTelemetrySdk sdk, String loggerName) {
    return new ServiceTelemetry(sdk, loggerName, MetricsCheckpoint.immediate(), null);
  }

  public OpenTelemetry openTelemetry() {
    return sdk;
  }

  public OpenTelemetrySdk sdk() {
    return sdk;
  }

  /**
   * The on-demand metric export of an SDK started {@link Builder#metricCheckpoints() with
   * checkpoints}: exports through every configured exporter, at the configured interval. Otherwise
   * (or when no metric exporter is configured) {@link MetricsCheckpoint#immediate()}: nothing to
   * wait for.
   */
  public MetricsCheckpoint checkpoint() {
    return checkpoint;
  }

  /**
   * What the service's work asks before it makes more telemetry, and waits on: in-flight spans and
   * log records, and whether those handed over before a moment have been exported. With
   * {@link TelemetryOverflow#DROP} (and for {@link #wrap wrapped} SDKs) nobody ever waits.
   */
  public TelemetryBackpressure backpressure() {
    return backpressure == null ? TelemetryBackpressure.none() : backpressure;
  }

  /** Exports everything buffered now; true when all three signals made it within the timeout. */
  public boolean flush(Duration timeout) {
    return CompletableResultCode.ofAll(
            List.of(
                sdk.getSdkTracerProvider().forceFlush(),
                sdk.getSdkMeterProvider().forceFlush(),
                sdk.getSdkLoggerProvider().forceFlush()))
        .join(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .isSuccess();
  }

  @Override
  public void close() {
    runtimeTelemetry.close();
    bridgedLogger.detachAppender(logBridge);
    logBridge.stop();
    // The work has stopped (and committed what was exported): from here on a batch gets the
    // exporter's own retries only, so a collector that is away cannot hold the shutdown up.
    if (backpressure != null) {
      backpressure.shutdown();
    }
    // shutdown() flushes spans, metrics and logs before closing the exporters.
    sdk.shutdown().join(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static Map<String, String> defaults(String serviceName) {
    Map<String, String> defaults = new HashMap<>();
    defaults.put("otel.service.name", serviceName);
    // The spec's default protocol; endpoint then defaults to http://localhost:4318.
    defaults.put("otel.exporter.otlp.protocol", "http/protobuf");
    // W3C trace context only: nothing reads baggage, and its propagator looks up a header per record.
    defaults.put("otel.propagators", "tracecontext");
    // Four export batches of 2048 per queue: bursts fit, and with overflow block the work waits when
    // they are full (with drop, a collector stall of a second at 20,000 events/s is dropped and
    // counted). Larger queues buy little, and full ones keep about 100 MiB alive for G1 to copy.
    defaults.put("otel.bsp.max.queue.size", "8192");
    defaults.put("otel.bsp.max.export.batch.size", "2048");
    defaults.put("otel.blrp.max.queue.size", "8192");
    defaults.put("otel.blrp.max.export.batch.size", "2048");
    return defaults;
  }

  private static Resource withServiceDefaults(Resource configured) {
    Map<String, String> attributes = new HashMap<>();
    attributes.put("service.instance.id", UUID.randomUUID().toString());
    attributes.put("service.version", buildVersion());
    putIfAbsent(attributes, configured, "service.namespace", SERVICE_NAMESPACE);
    putIfAbsent(attributes, configured, "deployment.environment.name", "local");
    // Only fill what OTEL_RESOURCE_ATTRIBUTES did not set: configuration wins.
    Resource extra = Resource.create(toAttributes(attributes));
    return extra.merge(configured);
  }

  private static void putIfAbsent(
      Map<String, String> attributes, Resource configured, String key, String value) {
    if (configured.getAttribute(AttributeKey.stringKey(key)) == null) {
      attributes.put(key, value);
    }
  }

  /**
   * Autoconfigure gives the logger provider a supplier that reads the limits from the configuration
   * again for every attribute of every log record (property-name normalisation included: 5 to 8% of
   * the processor's poll thread); the same limits, read once.
   */
  private static SdkLoggerProviderBuilder logLimitsReadOnce(SdkLoggerProviderBuilder builder, ConfigProperties config) {
    LogLimitsBuilder limits = LogLimits.builder();
    Integer valueLength = config.getInt("otel.attribute.value.length.limit");
    if (valueLength != null) {
      limits.setMaxAttributeValueLength(valueLength);
    }
    Integer count = config.getInt("otel.attribute.count.limit");
    if (count != null) {
      limits.setMaxNumberOfAttributes(count);
    }
    LogLimits fixed = limits.build();
    return builder.setLogLimits(() -> fixed);
  }

  private static Attributes toAttributes(Map<String, String> map) {
    var builder = Attributes.builder();
    map.forEach(builder::put);
    return builder.build();
  }

  static String buildVersion() {
    Properties props = new Properties();
    try (InputStream in =
        ServiceTelemetry.class.getResourceAsStream("/io/ingestlens/runtime/build.properties")) {
      if (in != null) {
        props.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return props.getProperty("version", "unknown");
  }

  private static OpenTelemetryAppender attachLogBridge(OpenTelemetry openTelemetry, Logger logger) {
    OpenTelemetryAppender appender = new OpenTelemetryAppender();
    appender.setName("otel-" + logger.getName());
    appender.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
    appender.setOpenTelemetry(openTelemetry);
    // SLF4J key-value pairs become log record attributes (the contract's ingestion.* fields).
    appender.setCaptureKeyValuePairAttributes(true);
    appender.setCaptureExperimentalAttributes(false);
    appender.start();
    logger.addAppender(appender);
    return appender;
  }

  /**
   * Swaps each periodic reader autoconfigure builds for a {@link OnDemandMetricReader} on the same
   * exporter. Autoconfigure customizes an exporter and then, at once, the reader it builds on it.
   */
  private static final class CheckpointReaders {
    private final List<OnDemandMetricReader> readers = new ArrayList<>();
    private MetricExporter lastExporter;
    private Duration interval = Duration.ZERO;

    MetricExporter exporterMade(MetricExporter exporter, ConfigProperties config) {
      lastExporter = exporter;
      return exporter;
    }

    MetricReader readerMade(MetricReader reader, ConfigProperties config) {
      if (!(reader instanceof PeriodicMetricReader) || lastExporter == null) {
        return reader; // a pull reader (prometheus): nothing to drive
      }
      // The periodic reader was never registered: no schedule started, no thread made.
      interval = config.getDuration("otel.metric.export.interval", DEFAULT_EXPORT_INTERVAL);
      OnDemandMetricReader checkpointReader = new OnDemandMetricReader(lastExporter, interval);
      lastExporter = null;
      readers.add(checkpointReader);
      return checkpointReader;
    }

    MetricsCheckpoint checkpoint() {
      if (readers.isEmpty()) {
        return MetricsCheckpoint.immediate();
      }
      List<OnDemandMetricReader> all = List.copyOf(readers);
      Duration every = interval;
      return new MetricsCheckpoint() {
        @Override
        public CompletableResultCode export(CompletableResultCode sendAfter) {
          if (all.size() == 1) {
            return all.get(0).export(sendAfter);
          }
          List<CompletableResultCode> results = new ArrayList<>(all.size());
          all.forEach(r -> results.add(r.export(sendAfter)));
          return CompletableResultCode.ofAll(results);
        }

        @Override
        public Duration interval() {
          return every;
        }
      };
    }
  }
}

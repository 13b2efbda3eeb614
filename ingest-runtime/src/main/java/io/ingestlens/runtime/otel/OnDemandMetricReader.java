package io.ingestlens.runtime.otel;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the place of the SDK's periodic metric reader: it exports when {@link #export()} is
 * called, not on a timer of its own. The collection happens on the calling thread, so it holds
 * everything recorded before the call; the exporter gets the data asynchronously.
 *
 * <p>Exports reach the exporter one at a time, in the order they were collected: a cumulative
 * counter must never arrive at the backend lower than it was before (that reads as a reset).
 *
 * <p>Neither {@link #forceFlush()} nor {@link #shutdown()} exports: the service decides what the
 * exported counters cover (the processor: exactly the records whose offsets it commits), and an
 * export at shutdown would count records it could not commit.
 */
final class OnDemandMetricReader implements MetricReader, MetricsCheckpoint {

  private static final Logger LOG = LoggerFactory.getLogger(OnDemandMetricReader.class);
  private static final long SHUTDOWN_FLUSH_SECONDS = 5;

  private final MetricExporter exporter;
  private final Duration interval;
  private final Object lock = new Object();
  private volatile CollectionRegistration registration = CollectionRegistration.noop();
  /** The last export handed out; the next one goes to the exporter after it. */
  private CompletableResultCode last = CompletableResultCode.ofSuccess();

  OnDemandMetricReader(MetricExporter exporter, Duration interval) {
    this.exporter = exporter;
    this.interval = interval;
  }

  @Override
  public CompletableResultCode export(CompletableResultCode sendAfter) {
    CompletableResultCode result = new CompletableResultCode();
    synchronized (lock) {
      Collection<MetricData> metrics;
      try {
        metrics = registration.collectAllMetrics();
      } catch (RuntimeException e) {
        LOG.warn("metric collection failed: {}", e.toString());
        return result.fail();
      }
      CompletableResultCode previous = last;
      last = result;
      // In order behind the previous export; only if what it waits for succeeded: a service that
      // gives up on its commit fails sendAfter, and these counts must then never leave.
      CompletableResultCode.ofAll(List.of(previous, sendAfter)).whenComplete(() -> {
        if (sendAfter.isSuccess()) {
          send(metrics, result);
        } else {
          result.fail();
        }
      });
    }
    return result;
  }

  @Override
  public Duration interval() {
    return interval;
  }

  private void send(Collection<MetricData> metrics, CompletableResultCode result) {
    if (metrics.isEmpty()) {
      result.succeed();
      return;
    }
    CompletableResultCode sent;
    try {
      sent = exporter.export(metrics);
    } catch (RuntimeException e) {
      LOG.warn("metric exporter failed: {}", e.toString());
      result.fail();
      return;
    }
    // A failed export is logged and counted by the exporter itself (otlp.exporter.exported).
    sent.whenComplete(() -> {
      if (sent.isSuccess()) {
        result.succeed();
      } else {
        result.fail();
      }
    });
  }

  @Override
  public void register(CollectionRegistration registration) {
    this.registration = registration;
  }

  @Override
  public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
    return exporter.getAggregationTemporality(instrumentType);
  }

  @Override
  public Aggregation getDefaultAggregation(InstrumentType instrumentType) {
    return exporter.getDefaultAggregation(instrumentType);
  }

  @Override
  public MemoryMode getMemoryMode() {
    return exporter.getMemoryMode();
  }

  /** Waits for the exports handed out so far, then flushes the exporter; collects nothing new. */
  @Override
  public CompletableResultCode forceFlush() {
    CompletableResultCode handedOut;
    synchronized (lock) {
      handedOut = last;
    }
    CompletableResultCode result = new CompletableResultCode();
    handedOut.whenComplete(() -> {
      CompletableResultCode flushed = exporter.flush();
      flushed.whenComplete(() -> {
        if (flushed.isSuccess()) {
          result.succeed();
        } else {
          result.fail();
        }
      });
    });
    return result;
  }

  /** Waits a little for the exports handed out so far, then shuts the exporter down. */
  @Override
  public CompletableResultCode shutdown() {
    forceFlush().join(SHUTDOWN_FLUSH_SECONDS, TimeUnit.SECONDS);
    return exporter.shutdown();
  }

  @Override
  public String toString() {
    return "OnDemandMetricReader{exporter=" + exporter + ", interval=" + interval + '}';
  }
}

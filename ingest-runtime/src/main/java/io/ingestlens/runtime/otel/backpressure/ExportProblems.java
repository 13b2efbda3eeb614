package io.ingestlens.runtime.otel.backpressure;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's own words about its telemetry export: why it waits, and what it lost. Waiting and
 * resending are said at most once per {@link #EVERY} (a collector down for an hour must not fill
 * the console); a loss is always said.
 */
final class ExportProblems {

  static final Duration EVERY = Duration.ofSeconds(30);
  private static final Logger LOG = LoggerFactory.getLogger(ExportProblems.class);

  private final String service;
  private final LongSupplier nanoTime;
  private final Object lock = new Object();
  private long lastWarning;
  private boolean warnedOnce;
  private volatile String lastFailure;
  private volatile long lastFailureNanos;

  ExportProblems(String service) {
    this(service, System::nanoTime);
  }

  ExportProblems(String service, LongSupplier nanoTime) {
    this.service = service;
    this.nanoTime = nanoTime;
  }

  /** An export failed in a way that may pass: it is sent again after a delay. */
  void retrying(InFlight inFlight, Throwable failure) {
    lastFailure = ExportFailures.describe(failure);
    lastFailureNanos = nanoTime.getAsLong();
    if (due()) {
      LOG.warn("{}: cannot export {} ({}); sending them again until the collector takes them, {} waiting",
          service, inFlight.signal(), lastFailure, inFlight);
    }
  }

  /** The collector took a batch it had refused before. */
  void recovered(String signal, int items) {
    LOG.info("{}: export of {} recovered ({} sent after a retry)", service, signal, items);
  }

  /** A batch the collector refused for good: lost, and said so. */
  void lost(String signal, int items, Throwable failure) {
    lastFailure = ExportFailures.describe(failure);
    lastFailureNanos = nanoTime.getAsLong();
    LOG.error("{}: {} {} lost: the collector refused them ({}); counted in otlp.exporter.exported{success=\"false\"}",
        service, items, signal, lastFailure);
  }

  /**
   * A batch still unsent when the service shut down (the collector away): the service's own
   * shutdown decides what that means (the processor does not commit its records).
   */
  void unsentAtShutdown(String signal, int items) {
    LOG.warn("{}: {} {} not exported before shutdown", service, items, signal);
  }

  /** The work waits for the exporters. */
  void waiting(String what, String inFlight) {
    if (due()) {
      String failure = lastFailure == null
          ? "exporters busy"
          : "last export failure " + Duration.ofNanos(nanoTime.getAsLong() - lastFailureNanos).toSeconds() + " s ago: " + lastFailure;
      LOG.warn("{}: {} until its telemetry is exported ({}; {}); nothing is dropped (INGEST_TELEMETRY_OVERFLOW=block)",
          service, what, inFlight, failure);
    }
  }

  private boolean due() {
    synchronized (lock) {
      long now = nanoTime.getAsLong();
      if (warnedOnce && now - lastWarning < EVERY.toNanos()) {
        return false;
      }
      warnedOnce = true;
      lastWarning = now;
      return true;
    }
  }
}

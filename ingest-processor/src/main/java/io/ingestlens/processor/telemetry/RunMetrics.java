package io.ingestlens.processor.telemetry;

import static io.ingestlens.runtime.otel.IngestionAttributes.COMPANY;
import static io.ingestlens.runtime.otel.IngestionAttributes.OBJECT;
import static io.ingestlens.runtime.otel.IngestionAttributes.SOURCE;
import static io.ingestlens.runtime.otel.IngestionAttributes.STATUS;
import static io.ingestlens.runtime.otel.IngestionAttributes.ZONE;

import io.ingestlens.event.IngestionEvent;
import io.ingestlens.event.Resources;
import io.ingestlens.event.Run;
import io.ingestlens.runtime.otel.LabelGuard;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableDoubleGauge;
import io.opentelemetry.context.Context;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The business metrics of docs/telemetry.md, one call per valid, first-seen event. Called inside the
 * event's span, so histogram exemplars point at its trace.
 *
 * <p>Attributes are built once per label set and cached; label values pass through the
 * {@link LabelGuard} first, so the cache is as bounded as the series. The processor's workers
 * write under this object's lock; the gauge callback reads a concurrent map.
 */
public final class RunMetrics implements AutoCloseable {

  static final List<Double> DURATION_BUCKETS =
      List.of(0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0);
  static final List<Double> CPU_TIME_BUCKETS =
      List.of(0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0);
  private static final long MIB = 1024L * 1024L;
  static final List<Long> MEMORY_BUCKETS =
      List.of(MIB, 2 * MIB, 5 * MIB, 10 * MIB, 20 * MIB, 50 * MIB, 100 * MIB, 150 * MIB, 200 * MIB,
          500 * MIB, 1024 * MIB, 2048 * MIB);
  static final List<Double> RECOVERY_BUCKETS =
      List.of(60.0, 300.0, 600.0, 1800.0, 3600.0, 7200.0, 14400.0, 43200.0, 86400.0);
  static final List<Double> DELAY_BUCKETS =
      List.of(0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0, 3600.0, 21600.0, 86400.0);

  /**
   * Recorded in this context, a measurement gets no exemplar (the trace-based filter finds no
   * sampled span). Exemplars cost a reservoir update per measurement; the contract wants them on
   * run duration (recovery keeps its own too: rare, and it points at the recovering run).
   */
  static final Context NO_EXEMPLAR = Context.root();

  private final LabelGuard guard;
  private final LongCounter runs;
  private final DoubleHistogram duration;
  private final DoubleHistogram cpuTime;
  private final LongHistogram memory;
  private final DoubleHistogram recovery;
  private final DoubleHistogram delay;
  private final ObservableDoubleGauge lastRunGauge;

  private final Map<SeriesKey, Series> series = new HashMap<>();
  private final Map<Attributes, LastRun> lastRuns = new ConcurrentHashMap<>();
  private final Map<PairKey, Recovery> recoveries = new HashMap<>();
  private final Map<String, Attributes> sourceOnly = new HashMap<>();

  public RunMetrics(Meter meter, LabelGuard guard) {
    this.guard = guard;
    this.runs =
        meter.counterBuilder("ingestion.runs").setUnit("{run}")
            .setDescription("Ingestion runs processed, by outcome.").build();
    this.duration =
        meter.histogramBuilder("ingestion.run.duration").setUnit("s")
            .setDescription("Duration of ingestion runs.")
            .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS).build();
    this.cpuTime =
        meter.histogramBuilder("ingestion.run.cpu_time").setUnit("s")
            .setDescription("CPU time used by ingestion runs.")
            .setExplicitBucketBoundariesAdvice(CPU_TIME_BUCKETS).build();
    this.memory =
        meter.histogramBuilder("ingestion.run.memory").setUnit("By").ofLongs()
            .setDescription("Memory used by ingestion runs.")
            .setExplicitBucketBoundariesAdvice(MEMORY_BUCKETS).build();
    this.recovery =
        meter.histogramBuilder("ingestion.recovery.duration").setUnit("s")
            .setDescription("Time from a failed run's end to the end of the next successful run of the same source and object.")
            .setExplicitBucketBoundariesAdvice(RECOVERY_BUCKETS).build();
    this.delay =
        meter.histogramBuilder("ingestion.run.delay").setUnit("s")
            .setDescription("Time from a run's end to its event being processed.")
            .setExplicitBucketBoundariesAdvice(DELAY_BUCKETS).build();
    this.lastRunGauge =
        meter.gaugeBuilder("ingestion.source.last_run").setUnit("s")
            .setDescription("Unix time of the end of the newest run seen for the source.")
            .buildWithCallback(
                m ->
                    lastRuns.forEach(
                        (attributes, last) -> {
                          double value = last.epochSeconds;
                          if (Double.isFinite(value)) { // not yet advanced: nothing to say
                            m.record(value, attributes);
                          }
                        }));
  }

  /**
   * Records one run; {@code nowEpochSeconds} is the processing time. The label guard, the series
   * and the recovery state are shared by the processor's workers and change under this object's
   * lock; the SDK's instruments are thread-safe and record outside it.
   */
  public void record(IngestionEvent event, double nowEpochSeconds) {
    Run run = event.run();
    double end = epochSeconds(run.effectiveEnd());
    Series s;
    Attributes withStatus;
    double recovered;
    synchronized (this) {
      String source = guard.source(event.ingested().source());
      String object = guard.object(source, event.ingested().object());
      s = series(source, object, guard.company(event.tenant().company()), guard.zone(event.tenant().zone()));
      withStatus = s.withStatus(guard.status(run.status()));
      s.lastRun.advanceTo(end);
      recovered = recovered(s.recovery, run.status(), end);
    }

    runs.add(1, withStatus, NO_EXEMPLAR);
    duration.record(run.durationS(), withStatus);
    Resources resources = event.resources();
    if (resources.cpuTimeS() != null) {
      cpuTime.record(resources.cpuTimeS(), s.base, NO_EXEMPLAR);
    }
    if (resources.memoryBytes() != null) {
      memory.record(resources.memoryBytes(), s.base, NO_EXEMPLAR);
    }
    delay.record(Math.max(0, nowEpochSeconds - end), s.sourceOnly, NO_EXEMPLAR);
    if (!Double.isNaN(recovered)) {
      recovery.record(recovered, s.base);
    }
  }

  /**
   * Moves a (source, object)'s recovery state on by one run; returns the time to recovery when
   * this run is the success that ends a failure streak, NaN otherwise.
   */
  private static double recovered(Recovery state, String status, double end) {
    if (Run.FAILED.equals(status)) {
      if (Double.isNaN(state.firstFailureEnd)) {
        state.firstFailureEnd = end; // the first failure since the last success
      }
    } else if (Run.SUCCESS.equals(status) && !Double.isNaN(state.firstFailureEnd)) {
      double recovered = end - state.firstFailureEnd;
      if (recovered >= 0) { // a success that ended before the failure does not recover it
        state.firstFailureEnd = Double.NaN;
        return recovered;
      }
    }
    return Double.NaN;
  }

  private Series series(String source, String object, String company, String zone) {
    SeriesKey key = new SeriesKey(source, object, company, zone);
    Series s = series.get(key);
    if (s == null) {
      s = newSeries(key);
      series.put(key, s);
    }
    return s;
  }

  private Series newSeries(SeriesKey key) {
    Attributes base =
        Attributes.of(SOURCE, key.source, OBJECT, key.object, COMPANY, key.company, ZONE, key.zone);
    Attributes lastRunAttributes = Attributes.of(SOURCE, key.source, COMPANY, key.company, ZONE, key.zone);
    Series s =
        new Series(
            base,
            sourceOnly.computeIfAbsent(key.source, src -> Attributes.of(SOURCE, src)),
            lastRuns.computeIfAbsent(lastRunAttributes, a -> new LastRun()),
            recoveries.computeIfAbsent(new PairKey(key.source, key.object), p -> new Recovery()));
    // Created at 0 so that increase() sees the first failure (or success) of a new label set.
    runs.add(0, s.withStatus(Run.SUCCESS));
    runs.add(0, s.withStatus(Run.FAILED));
    return s;
  }

  static double epochSeconds(Instant instant) {
    return instant.getEpochSecond() + instant.getNano() / 1e9;
  }

  @Override
  public void close() {
    lastRunGauge.close();
  }

  private record SeriesKey(String source, String object, String company, String zone) {}

  private record PairKey(String source, String object) {}

  /** Everything one (source, object, company, zone) label set needs, built once. */
  private static final class Series {
    final Attributes base;
    final Attributes sourceOnly;
    final LastRun lastRun;
    final Recovery recovery;
    private final Map<String, Attributes> byStatus = new HashMap<>(4);

    Series(Attributes base, Attributes sourceOnly, LastRun lastRun, Recovery recovery) {
      this.base = base;
      this.sourceOnly = sourceOnly;
      this.lastRun = lastRun;
      this.recovery = recovery;
    }

    Attributes withStatus(String status) {
      Attributes attributes = byStatus.get(status);
      if (attributes == null) {
        attributes = base.toBuilder().put(STATUS, status).build();
        byStatus.put(status, attributes);
      }
      return attributes;
    }
  }

  /** Newest run end of one (source, company, zone); read by the gauge callback on another thread. */
  private static final class LastRun {
    volatile double epochSeconds = Double.NEGATIVE_INFINITY;

    void advanceTo(double end) {
      if (end > epochSeconds) {
        epochSeconds = end;
      }
    }
  }

  /** End of the first failure since the last success of one (source, object); NaN when none. */
  private static final class Recovery {
    double firstFailureEnd = Double.NaN;
  }
}

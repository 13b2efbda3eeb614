package io.ingestlens.producer.generate;

import io.ingestlens.event.IngestionEvent;
import io.ingestlens.event.Resources;
import io.ingestlens.event.Run;
import io.ingestlens.producer.legacy.LegacyFileException;
import io.ingestlens.producer.legacy.LegacyReader;
import io.ingestlens.producer.legacy.LegacyRecordHandler;
import io.ingestlens.producer.legacy.Rejection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a generated stream looks like: which (source, object) pairs run, how long and how heavy
 * their runs are, how often and with which messages they fail. Drawn from the sample file so the
 * stream resembles production; a built-in profile (the same shape) stands in when there is no file.
 *
 * @param prototypes successful runs to draw from, one per sample run (frequent pairs weigh more)
 * @param failures failed runs to draw error messages from
 * @param failureShare failed runs over all runs in the sample
 */
public record GeneratorProfile(List<Prototype> prototypes, List<Prototype> failures, double failureShare) {

  private static final long MB = 1024 * 1024;

  public GeneratorProfile {
    if (prototypes.isEmpty()) {
      throw new IllegalArgumentException("a profile needs at least one successful run");
    }
    prototypes = List.copyOf(prototypes);
    failures = List.copyOf(failures);
  }

  /** The profile of the sample file, or empty when the file does not exist. */
  public static Optional<GeneratorProfile> fromSample(Path file, ZoneId zone)
      throws LegacyFileException, InterruptedException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    List<Prototype> successes = new ArrayList<>();
    List<Prototype> failures = new ArrayList<>();
    long[] total = {0};
    new LegacyReader(zone)
        .read(
            file,
            new LegacyRecordHandler() {
              @Override
              public void accept(IngestionEvent event) {
                total[0]++;
                Prototype prototype = toPrototype(event);
                if (event.run().failed()) {
                  failures.add(prototype);
                } else if (Run.SUCCESS.equals(event.run().status())) {
                  successes.add(prototype);
                }
              }

              @Override
              public void reject(Rejection rejection) {
                // a sample only needs its valid runs
              }
            });
    if (successes.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new GeneratorProfile(successes, failures, (double) failures.size() / total[0]));
  }

  private static Prototype toPrototype(IngestionEvent event) {
    Resources resources = event.resources();
    double duration = event.run().durationS();
    return new Prototype(
        event.ingested().source(),
        event.ingested().object(),
        event.tenant() == null ? null : event.tenant().company(),
        event.tenant() == null ? null : event.tenant().zone(),
        duration,
        resources == null || resources.cpuTimeS() == null ? duration * 0.1 : resources.cpuTimeS(),
        resources == null || resources.memoryBytes() == null ? 16 * MB : resources.memoryBytes(),
        event.run().description());
  }

  /** The shape of the sample logs.json, for when it is not at hand. */
  public static GeneratorProfile builtIn() {
    List<Prototype> runs =
        List.of(
            run("PowerBI", "workspaces", 1.2, 0.12, 6),
            run("PowerBI", "datasets", 2.5, 0.28, 10),
            run("PowerBI", "reports", 2.0, 0.2, 8),
            run("PowerBI", "dashboards", 1.4, 0.15, 6),
            run("PowerBI", "dataflows", 3.1, 0.38, 11),
            run("Efficy", "Contact", 10.0, 1.5, 52),
            run("Efficy", "Company", 6.5, 1.0, 35),
            run("Efficy", "Project", 3.5, 0.55, 18),
            run("Efficy", "Opportunity", 5.0, 0.75, 26),
            run("sharepoint_graph", "LignesFacturesApplication", 30.0, 5.5, 90),
            run("sharepoint_graph", "EventFactureApplication", 8.5, 1.6, 32),
            run("EasyProjects", "Projects", 2.5, 0.35, 14),
            run("EasyProjects", "Activities", 7.0, 1.1, 30),
            run("EasyProjects", "Users", 1.3, 0.16, 9),
            run("zohobooks", "invoices_ga", 8.5, 1.75, 45),
            run("zohobooks", "invoices_on", 7.0, 1.4, 37),
            run("zohobooks", "items_ga", 3.5, 0.6, 20),
            run("zohobooks", "items_on", 3.2, 0.55, 17));
    List<Prototype> failures =
        List.of(
            failure("zohobooks", "invoices_on", "HTTP 429 Too Many Requests: API rate limit exceeded, retry after 60 s"),
            failure("Efficy", "Opportunity", "HTTP 401 Unauthorized: access token expired"),
            failure("sharepoint_graph", "EventFactureApplication", "ReadTimeout: graph.microsoft.com read timed out (read timeout=30)"),
            failure("PowerBI", "dataflows", "Schema error: field 'refreshSchedule' missing from the API response"));
    return new GeneratorProfile(runs, failures, 0.01);
  }

  private static Prototype run(String source, String object, double durationS, double cpuS, long memoryMb) {
    return new Prototype(source, object, "akonovia", "1-Raw", durationS, cpuS, memoryMb * MB, null);
  }

  private static Prototype failure(String source, String object, String description) {
    return new Prototype(source, object, "akonovia", "1-Raw", 1.0, 0.1, 8 * MB, description);
  }

  /** Source names, in order of first appearance. */
  public Set<String> sources() {
    Set<String> sources = new LinkedHashSet<>();
    prototypes.forEach(p -> sources.add(p.source()));
    return sources;
  }

  /** Object names, in order of first appearance. */
  public Set<String> objects() {
    Set<String> objects = new LinkedHashSet<>();
    prototypes.forEach(p -> objects.add(p.object()));
    return objects;
  }
}

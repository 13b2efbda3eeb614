package io.ingestlens.producer.legacy;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.ingestlens.event.IngestionEvent;
import io.ingestlens.event.Run;
import io.ingestlens.producer.generate.EventGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Writes a legacy file as the hourly job does (a JSON array of records with the French field names
 * of logs.json, local times without offset, read as UTC), from generated runs: the sample's
 * sources, objects, durations and messages, every record distinct. The inverse of
 * {@link LegacyReader}: histories for the benchmark and the tests of large replays.
 */
public final class LegacyWriter {

  /** The sample's time format: {@code 2025-09-14 11:00:04.299087}. */
  public static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

  /** Runs end a quarter of a second apart from here on: a long, plausible history. */
  public static final Instant FIRST_END = Instant.parse("2025-09-14T11:00:00Z");

  private LegacyWriter() {}

  /** Writes {@code records} records to {@code file} and returns its size in bytes. */
  public static long write(Path file, int records, EventGenerator generator) throws IOException {
    JsonFactory factory = new JsonFactory();
    try (JsonGenerator json = factory.createGenerator(file.toFile(), JsonEncoding.UTF8)) {
      json.writeStartArray();
      for (int i = 0; i < records; i++) {
        IngestionEvent event = generator.next(i, FIRST_END.plusMillis(250L * i));
        writeRecord(json, event);
        json.writeRaw('\n');
      }
      json.writeEndArray();
    }
    return file.toFile().length();
  }

  public static void writeRecord(JsonGenerator json, IngestionEvent event) throws IOException {
    Run run = event.run();
    json.writeStartObject();
    json.writeStringField(LegacyFields.ETAT, run.status());
    json.writeStringField(LegacyFields.SOURCE, event.ingested().source());
    json.writeStringField(LegacyFields.OBJET, event.ingested().object());
    json.writeStringField(LegacyFields.ENTREPRISE, event.tenant().company());
    json.writeStringField(LegacyFields.ZONE, event.tenant().zone());
    json.writeStringField(LegacyFields.DEBUT, TIME.format(run.startedAt()));
    json.writeStringField(LegacyFields.FIN, TIME.format(run.effectiveEnd()));
    json.writeNumberField(LegacyFields.DUREE, run.durationS());
    if (event.resources().cpuTimeS() != null) {
      json.writeNumberField(LegacyFields.CPU, event.resources().cpuTimeS());
    }
    if (event.resources().memoryBytes() != null) {
      json.writeNumberField(LegacyFields.MEMORY, event.resources().memoryBytes());
    }
    if (run.description() != null) {
      json.writeStringField(LegacyFields.DESCRIPTION, run.description());
    }
    json.writeEndObject();
  }
}

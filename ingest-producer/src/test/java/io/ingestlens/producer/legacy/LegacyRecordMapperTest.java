package io.ingestlens.producer.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ingestlens.event.EventIds;
import io.ingestlens.event.IngestionEvent;
import io.ingestlens.event.Origin;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LegacyRecordMapperTest {

  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
  private static final Position POSITION = Position.index("logs.json", 7);
  private static final LegacyRecordMapper UTC = new LegacyRecordMapper(ZoneId.of("UTC"));

  /** A complete record; each test replaces or removes one field. */
  private static ObjectNode record() {
    ObjectNode r = JSON.createObjectNode();
    r.put("Etat", "SUCCESS");
    r.put("Source", "PowerBI");
    r.put("Objet", "workspaces");
    r.put("Entreprise", "akonovia");
    r.put("Zone", "1-Raw");
    r.put("Debut", "2025-09-15 10:30:00");
    r.put("Fin", "2025-09-15 10:30:01.154133");
    r.put("Duree secondes", 1.154133);
    r.put("cpu_time (sec)", 0.11);
    r.put("memory_used (bytes)", 5849088);
    r.put("Description", "OK - 20 enregistrements ingérés");
    return r;
  }

  private static ObjectNode with(String field, String json) throws Exception {
    ObjectNode r = record();
    r.set(field, JSON.readTree(json));
    return r;
  }

  private static ObjectNode without(String field) {
    ObjectNode r = record();
    r.remove(field);
    return r;
  }

  @Test
  void mapsEveryLegacyFieldToItsEventField() throws Exception {
    IngestionEvent event = UTC.map(record(), POSITION);

    assertThat(event.schemaVersion()).isEqualTo(1);
    assertThat(event.eventType()).isEqualTo("ingestion.run");
    assertThat(event.eventId()).isEqualTo(EventIds.forLegacyRecord(record()));
    assertThat(event.run().status()).isEqualTo("SUCCESS");
    assertThat(event.run().startedAt()).isEqualTo(Instant.parse("2025-09-15T10:30:00Z"));
    assertThat(event.run().endedAt()).isEqualTo(Instant.parse("2025-09-15T10:30:01.154133Z"));
    assertThat(event.run().durationS()).isEqualTo(1.154133);
    assertThat(event.run().description()).isEqualTo("OK - 20 enregistrements ingérés");
    assertThat(event.ingested().source()).isEqualTo("PowerBI");
    assertThat(event.ingested().object()).isEqualTo("workspaces");
    assertThat(event.tenant().company()).isEqualTo("akonovia");
    assertThat(event.tenant().zone()).isEqualTo("1-Raw");
    assertThat(event.resources().cpuTimeS()).isEqualTo(0.11);
    assertThat(event.resources().memoryBytes()).isEqualTo(5849088L);
    assertThat(event.origin()).isEqualTo(new Origin("replay", "logs.json", 7L, "index"));
    assertThat(event.extra()).isEmpty();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "2025-09-15T10:30:00Z               | 2025-09-15T10:30:00Z",
        "2025-09-15T12:30:00+02:00          | 2025-09-15T10:30:00Z",
        "2025-09-15T12:30:00.250+02:00      | 2025-09-15T10:30:00.250Z",
        "2025-09-15T10:30:00.123456789Z     | 2025-09-15T10:30:00.123456789Z",
        "2025-09-15T10:30:00                | 2025-09-15T10:30:00Z",
        "2025-09-15T10:30:00.5              | 2025-09-15T10:30:00.500Z",
        "2025-09-15 10:30:00                | 2025-09-15T10:30:00Z",
        "2025-09-15 10:30:00.412345         | 2025-09-15T10:30:00.412345Z",
        "2025-09-15 12:30:00+02:00          | 2025-09-15T10:30:00Z",
        "15/09/2025 10:30:00                | 2025-09-15T10:30:00Z",
        "15/09/2025 10:30:00.75             | 2025-09-15T10:30:00.750Z",
        "5/9/2025 10:30:00                  | 2025-09-05T10:30:00Z",
        "5/9/2025 9:05                      | 2025-09-05T09:05:00Z",
        "2025-09-15T10:30Z                  | 2025-09-15T10:30:00Z",
        "2025-09-15t10:30:00z               | 2025-09-15T10:30:00Z",
        "2025-09-15T12:30:00+0200           | 2025-09-15T10:30:00Z",
        "2025-09-15T12:30:00+02             | 2025-09-15T10:30:00Z",
        "2025-09-15T08:30:00-02:00          | 2025-09-15T10:30:00Z",
        "2025-09-15 10:30:00,5              | 2025-09-15T10:30:00.500Z",
        "2025-09-15T12:30:00+02:00[Europe/Paris] | 2025-09-15T10:30:00Z",
        "'  2025-09-15 10:30:00  '          | 2025-09-15T10:30:00Z",
      })
  void readsEveryDateFormat(String written, String expected) throws Exception {
    ObjectNode r = without("Fin");
    r.put("Debut", written);

    assertThat(UTC.map(r, POSITION).run().startedAt()).isEqualTo(Instant.parse(expected));
  }

  @ParameterizedTest(name = "{0} in Europe/Paris -> {1}")
  @CsvSource({
    "2025-09-15 10:30:00, 2025-09-15T08:30:00Z",
    "15/01/2025 10:30:00, 2025-01-15T09:30:00Z",
    "2025-09-15T10:30:00Z, 2025-09-15T10:30:00Z"
  })
  void readsNaiveTimesInTheConfiguredZoneAndKeepsExplicitOffsets(String written, String expected)
      throws Exception {
    ObjectNode r = without("Fin");
    r.put("Debut", written);

    IngestionEvent event = new LegacyRecordMapper(ZoneId.of("Europe/Paris")).map(r, POSITION);

    assertThat(event.run().startedAt()).isEqualTo(Instant.parse(expected));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "1.5, 1.5",
    "'\"1.5\"', 1.5",
    "'\"1,5\"', 1.5",
    "'\" 2,25 \"', 2.25",
    "3, 3.0",
    "'\"3\"', 3.0",
    "'\"1e2\"', 100.0",
    "0, 0.0"
  })
  void readsNumbersAsJsonNumbersOrNumericStrings(String json, double expected) throws Exception {
    IngestionEvent event = UTC.map(with("cpu_time (sec)", json), POSITION);

    assertThat(event.resources().cpuTimeS()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"5849088, 5849088", "'\"5849088\"', 5849088", "'\"5849088,4\"', 5849088", "5849088.6, 5849089"})
  void readsMemoryAsWholeBytes(String json, long expected) throws Exception {
    IngestionEvent event = UTC.map(with("memory_used (bytes)", json), POSITION);

    assertThat(event.resources().memoryBytes()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "SUCCESS, SUCCESS",
    "success, SUCCESS",
    "Success, SUCCESS",
    "FAILED, FAILED",
    "failed, FAILED",
    "' Failed ', FAILED",
    "running, RUNNING",
    "partial-ok, PARTIAL-OK",
    "échec, ECHEC"
  })
  void readsTheStatusInAnyCase(String written, String expected) throws Exception {
    ObjectNode r = record();
    r.put("Etat", written);

    assertThat(UTC.map(r, POSITION).run().status()).isEqualTo(expected);
  }

  @Test
  void computesAMissingDurationFromFinMinusDebut() throws Exception {
    IngestionEvent event = UTC.map(without("Duree secondes"), POSITION);

    assertThat(event.run().durationS()).isEqualTo(1.154133);
  }

  @Test
  void keepsTheGivenDurationWhenThereIsNoFin() throws Exception {
    IngestionEvent event = UTC.map(without("Fin"), POSITION);

    assertThat(event.run().endedAt()).isNull();
    assertThat(event.run().effectiveEnd()).isEqualTo(Instant.parse("2025-09-15T10:30:01.154133Z"));
  }

  @Test
  void keepsUnknownFieldsVerbatimAsExtra() throws Exception {
    ObjectNode r = record();
    r.put("id", 1224);
    r.put("transformation", "PowerBI_API_get_data");
    r.set("tags", JSON.readTree("[\"a\",{\"b\":1}]"));

    IngestionEvent event = UTC.map(r, POSITION);

    assertThat(event.extra()).containsOnlyKeys("id", "transformation", "tags");
    assertThat(event.extra().get("id").asInt()).isEqualTo(1224);
    assertThat(event.extra().get("transformation").asText()).isEqualTo("PowerBI_API_get_data");
    assertThat(event.extra().get("tags")).isEqualTo(JSON.readTree("[\"a\",{\"b\":1}]"));
    assertThat(event.eventId()).isEqualTo(EventIds.forLegacyRecord(r));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Entreprise", "Zone", "cpu_time (sec)", "memory_used (bytes)", "Description"})
  void acceptsARecordWithoutAnOptionalField(String field) throws Exception {
    IngestionEvent event = UTC.map(without(field), POSITION);

    assertThat(event.ingested().source()).isEqualTo("PowerBI");
  }

  @ParameterizedTest
  @ValueSource(strings = {"null", "\"\"", "\"  \""})
  void takesNullOrBlankOptionalValuesAsAbsent(String json) throws Exception {
    IngestionEvent event = UTC.map(with("Entreprise", json), POSITION);

    assertThat(event.tenant().company()).isNull();
  }

  @Test
  void takesANumericObjectAsText() throws Exception {
    assertThat(UTC.map(with("Objet", "1224"), POSITION).ingested().object()).isEqualTo("1224");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // missing mandatory fields, null or blank
        "Source | <absent>              | missing_field",
        "Objet  | <absent>              | missing_field",
        "Etat   | <absent>              | missing_field",
        "Debut  | <absent>              | missing_field",
        "Source | null                  | missing_field",
        "Objet  | '\"   \"'             | missing_field",
        "Etat   | '\"\"'                | missing_field",
        // wrong types
        "Source | true                  | invalid_field",
        "Objet  | '{\"a\":1}'           | invalid_field",
        "Etat   | '[1]'                 | invalid_field",
        "Debut  | 1757932200            | invalid_field",
        // unparseable or out-of-range dates
        "Debut  | '\"yesterday\"'       | invalid_field",
        "Debut  | '\"2025-13-45 10:00:00\"' | invalid_field",
        "Debut  | '\"31/02/2025 10:00:00\"' | invalid_field",
        "Debut  | '\"2025-09-15\"'      | invalid_field",
        "Fin    | '\"10:30\"'           | invalid_field",
        "Debut  | '\"1969-12-31T23:59:59Z\"' | invalid_field",
        "Debut  | '\"2025-02-29 10:00:00\"' | invalid_field",
        "Debut  | '\"2025-09-15 24:00:00\"' | invalid_field",
        "Debut  | '\"2025-09-15 10:30:00abc\"' | invalid_field",
        "Debut  | '\"2025-09-15 10:30:00.1234567891\"' | invalid_field",
        "Debut  | '\"2025-09-15 10:30:00+25:00\"' | invalid_field",
        "Debut  | '\"15/09/25 10:30:00\"' | invalid_field",
        "Debut  | '\"15/09/2025\"'      | invalid_field",
        "Debut  | '\"15-09-2025 10:30:00\"' | invalid_field",
        // numbers: negative, non-numeric, non-finite, huge, ambiguous
        "Duree secondes      | -1.5          | invalid_field",
        "Duree secondes      | '\"-2\"'      | invalid_field",
        "cpu_time (sec)      | -0.01         | invalid_field",
        "memory_used (bytes) | -1            | invalid_field",
        "Duree secondes      | '\"abc\"'     | invalid_field",
        "Duree secondes      | '\"1.234,5\"' | invalid_field",
        "Duree secondes      | '\"1,2,3\"'   | invalid_field",
        "Duree secondes      | true          | invalid_field",
        "Duree secondes      | NaN           | invalid_field",
        "Duree secondes      | Infinity      | invalid_field",
        "Duree secondes      | '\"NaN\"'     | invalid_field",
        "Duree secondes      | 1e400         | invalid_field",
        "Duree secondes      | 1e12          | invalid_field",
        "cpu_time (sec)      | '\"1e999999999\"' | invalid_field",
        "memory_used (bytes) | 99999999999999999999999 | invalid_field",
        // a status that is not a word
        "Etat   | '\"OK!\"'             | invalid_field",
        // Fin before Debut
        "Fin    | '\"2025-09-15 10:29:59\"' | invalid_time_range",
      })
  void rejectsARecordThatCannotBecomeAValidEvent(String field, String json, String reason) throws Exception {
    ObjectNode r = "<absent>".equals(json) ? without(field) : with(field, json);

    assertThatThrownBy(() -> UTC.map(r, POSITION))
        .isInstanceOfSatisfying(
            InvalidRecordException.class,
            e -> {
              assertThat(e.reason().code()).isEqualTo(reason);
              assertThat(e.getMessage()).contains(field).doesNotContain("\n");
            });
  }

  @Test
  void rejectsARecordWithNeitherFinNorDuration() {
    ObjectNode r = without("Fin");
    r.remove("Duree secondes");

    assertThatThrownBy(() -> UTC.map(r, POSITION))
        .isInstanceOfSatisfying(
            InvalidRecordException.class,
            e -> assertThat(e.reason()).isEqualTo(LegacyRejectReason.MISSING_FIELD));
  }
}

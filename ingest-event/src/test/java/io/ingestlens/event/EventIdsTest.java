package io.ingestlens.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdsTest {

  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  void sameRecordGivesSameIdWhateverTheFieldOrder() throws Exception {
    JsonNode a = mapper.readTree("{\"Source\":\"PowerBI\",\"Objet\":\"workspaces\",\"Etat\":\"SUCCESS\"}");
    JsonNode b = mapper.readTree("{\"Etat\":\"SUCCESS\",\"Objet\":\"workspaces\",\"Source\":\"PowerBI\"}");

    assertThat(EventIds.forLegacyRecord(a)).isEqualTo(EventIds.forLegacyRecord(b));
  }

  @Test
  void differentRecordsGiveDifferentIds() throws Exception {
    JsonNode a = mapper.readTree("{\"Source\":\"PowerBI\",\"Debut\":\"2025-09-15 10:00:00\"}");
    JsonNode b = mapper.readTree("{\"Source\":\"PowerBI\",\"Debut\":\"2025-09-15 11:00:00\"}");

    assertThat(EventIds.forLegacyRecord(a)).isNotEqualTo(EventIds.forLegacyRecord(b));
  }

  @Test
  void idsAreVersion5Uuids() throws Exception {
    UUID id = UUID.fromString(EventIds.forLegacyRecord(mapper.readTree("{\"Source\":\"x\"}")));
    assertThat(id.version()).isEqualTo(5);
    assertThat(id.variant()).isEqualTo(2);
    assertThat(UUID.fromString(EventIds.forGenerated(42, 7)).version()).isEqualTo(5);
    assertThat(EventIds.forGenerated(42, 7)).isEqualTo(EventIds.forGenerated(42, 7)).isNotEqualTo(EventIds.forGenerated(42, 8));
  }
}

package io.ingestlens.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Deterministic event ids: a name-based UUID (version 5, SHA-1) of the legacy record's canonical
 * JSON, so replaying the same record twice yields the same id and the duplicate can be recognised.
 */
public final class EventIds {

  /** Namespace of ingestion-run ids, fixed forever: changing it changes every id. */
  private static final UUID NAMESPACE = UUID.fromString("6f1d4c1e-9a8b-4b8e-8d51-2f0c3b7a9e10");

  // Sorted keys make the id independent of field order in the file.
  private static final ObjectMapper CANONICAL =
      JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

  private EventIds() {}

  /** The id of a legacy record, from its content as read (before any mapping or rebase). */
  public static String forLegacyRecord(JsonNode record) {
    try {
      Object sorted = CANONICAL.treeToValue(record, Object.class);
      return nameBased(CANONICAL.writeValueAsBytes(sorted)).toString();
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("record cannot be serialised: " + e.getOriginalMessage(), e);
    }
  }

  static UUID nameBased(byte[] name) {
    MessageDigest sha1;
    try {
      sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required of every JVM", e);
    }
    ByteBuffer ns = ByteBuffer.allocate(16);
    ns.putLong(NAMESPACE.getMostSignificantBits()).putLong(NAMESPACE.getLeastSignificantBits());
    sha1.update(ns.array());
    byte[] hash = sha1.digest(name);
    hash[6] = (byte) ((hash[6] & 0x0f) | 0x50); // version 5
    hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // IETF variant
    ByteBuffer bb = ByteBuffer.wrap(hash, 0, 16);
    return new UUID(bb.getLong(), bb.getLong());
  }

  /** The id of a generated event, from the generator's seed and sequence number. */
  public static String forGenerated(long seed, long sequence) {
    return nameBased(("generate:" + seed + ":" + sequence).getBytes(StandardCharsets.UTF_8)).toString();
  }
}

package io.ingestlens.runtime.otel;

import io.opentelemetry.api.common.AttributeKey;

/** Attribute keys of the telemetry contract (docs/telemetry.md) shared by both services. */
public final class IngestionAttributes {

  public static final AttributeKey<String> SOURCE = AttributeKey.stringKey("ingestion.source");
  public static final AttributeKey<String> OBJECT = AttributeKey.stringKey("ingestion.object");
  public static final AttributeKey<String> STATUS = AttributeKey.stringKey("ingestion.status");
  public static final AttributeKey<String> COMPANY = AttributeKey.stringKey("ingestion.company");
  public static final AttributeKey<String> ZONE = AttributeKey.stringKey("ingestion.zone");
  public static final AttributeKey<String> EVENT_ID = AttributeKey.stringKey("ingestion.event_id");
  public static final AttributeKey<String> ORIGIN_MODE = AttributeKey.stringKey("ingestion.origin.mode");

  // Semantic-convention keys, spelled here to avoid depending on the incubating semconv artifact.
  public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  public static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
  public static final AttributeKey<String> MESSAGING_DESTINATION =
      AttributeKey.stringKey("messaging.destination.name");
  public static final AttributeKey<String> MESSAGING_OPERATION_NAME =
      AttributeKey.stringKey("messaging.operation.name");
  public static final AttributeKey<String> MESSAGING_OPERATION_TYPE =
      AttributeKey.stringKey("messaging.operation.type");
  public static final AttributeKey<String> MESSAGING_PARTITION =
      AttributeKey.stringKey("messaging.destination.partition.id");
  public static final AttributeKey<Long> MESSAGING_KAFKA_OFFSET =
      AttributeKey.longKey("messaging.kafka.offset");
  public static final AttributeKey<String> MESSAGING_CONSUMER_GROUP =
      AttributeKey.stringKey("messaging.consumer.group.name");
  public static final AttributeKey<String> MESSAGING_KAFKA_KEY =
      AttributeKey.stringKey("messaging.kafka.message.key");

  private IngestionAttributes() {}
}

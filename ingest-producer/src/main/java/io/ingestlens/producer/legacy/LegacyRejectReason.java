package io.ingestlens.producer.legacy;

/** Why a legacy record was refused; {@link #code()} is the contract's {@code error.type} value. */
public enum LegacyRejectReason {
  /** An array element or a JSON Lines line that is valid JSON but not an object. */
  NOT_AN_OBJECT("not_an_object"),
  /** A JSON Lines line that is not valid JSON. */
  INVALID_JSON("invalid_json"),
  /** Source, Objet, Etat or Debut absent, null or blank (or neither Fin nor Duree secondes). */
  MISSING_FIELD("missing_field"),
  /** A value of the wrong type, unparseable, negative, non-finite or out of range. */
  INVALID_FIELD("invalid_field"),
  /** Fin before Debut. */
  INVALID_TIME_RANGE("invalid_time_range");

  private final String code;

  LegacyRejectReason(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}

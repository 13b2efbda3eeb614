package io.ingestlens.producer.legacy;

import io.ingestlens.event.Origin;

/**
 * Where a record sits in a legacy file: its array index (from 0) or its JSON Lines line (from 1).
 *
 * @param file the file name, without its folder
 * @param kind {@link #INDEX} or {@link #LINE}
 * @param value the index or the line number
 */
public record Position(String file, String kind, long value) {

  public static final String INDEX = "index";
  public static final String LINE = "line";

  public static Position index(String file, long index) {
    return new Position(file, INDEX, index);
  }

  public static Position line(String file, long line) {
    return new Position(file, LINE, line);
  }

  /** The event's origin: a replay of this file at this position. */
  public Origin toOrigin() {
    return new Origin(Origin.REPLAY, file, value, kind);
  }

  @Override
  public String toString() {
    return file + " " + kind + " " + value;
  }
}

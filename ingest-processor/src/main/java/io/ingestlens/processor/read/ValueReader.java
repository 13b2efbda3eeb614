package io.ingestlens.processor.read;

/**
 * Reads one record value into an event or the reason it is not one. Two implementations are
 * compared by the benchmark: {@link EventReader} (the hand-written {@link JsonCursor}) and
 * {@link JacksonEventReader} (Jackson's streaming parser); both fill the same draft and apply the
 * same checks. Not thread-safe: one reader per worker.
 */
public interface ValueReader {

  /**
   * System property naming the reader the processor uses: {@code cursor} (default) or
   * {@code jackson}; with {@code jackson}, {@code ingestlens.reader.cache=true} caches label values.
   */
  String PROPERTY = "ingestlens.reader";

  EventReader.Result read(byte[] value, long nowEpochSeconds);

  /** The reader named by {@link #PROPERTY}. */
  static ValueReader configured() {
    String name = System.getProperty(PROPERTY, "cursor");
    return switch (name) {
      case "cursor" -> new EventReader();
      case "jackson" -> new JacksonEventReader(Boolean.getBoolean(PROPERTY + ".cache"));
      default -> throw new IllegalArgumentException(PROPERTY + " must be cursor or jackson, got " + name);
    };
  }
}

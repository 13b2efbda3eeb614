package io.ingestlens.producer.legacy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Locale;

/**
 * Streams a legacy file, a JSON array or JSON Lines, one record at a time: memory stays flat
 * whatever the file size. Each record becomes an event or a {@link Rejection}; only a file that
 * cannot be read at all (or a JSON array whose syntax breaks, after which no position can be
 * trusted) stops the pass with a {@link LegacyFileException}.
 */
public final class LegacyReader {

  private static final int UTF8_BOM = 0xFEFF;
  private static final int MAX_LEADING_BYTES = 1 << 20;

  // NaN and Infinity tokens parse, so that the record is refused as invalid_field instead of
  // breaking the whole array.
  private static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
  private static final ObjectReader ELEMENT_READER = MAPPER.readerFor(ObjectNode.class);
  // A JSON Lines line holds one value: "{...} {...}" on one line is invalid_json.
  private static final ObjectReader LINE_READER =
      MAPPER.readerFor(JsonNode.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final LegacyRecordMapper mapper;

  public LegacyReader(ZoneId zone) {
    this.mapper = new LegacyRecordMapper(zone);
  }

  public ReadCounts read(Path file, LegacyRecordHandler handler)
      throws LegacyFileException, InterruptedException {
    String name = name(file);
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      int first = firstSignificantChar(in);
      checkStart(first, name);
      return first == '[' ? readArray(in, name, handler) : readLines(in, name, handler);
    } catch (IOException e) {
      throw unreadable(file, e);
    }
  }

  /**
   * Fails early, before any connection is made, when the file cannot be read or does not start like
   * a JSON array or JSON Lines.
   */
  public static void checkFile(Path file) throws LegacyFileException {
    if (Files.isDirectory(file)) {
      throw new LegacyFileException("cannot read " + file + ": it is a directory");
    }
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      checkStart(firstSignificantChar(in), name(file));
    } catch (IOException e) {
      throw unreadable(file, e);
    }
  }

  private static String name(Path file) {
    return file.getFileName() == null ? file.toString() : file.getFileName().toString();
  }

  private static void checkStart(int first, String name) throws LegacyFileException {
    if (first != '[' && first != '{' && first != -1) {
      throw new LegacyFileException(
          name + " is neither a JSON array nor JSON Lines (it starts with '" + (char) first + "')");
    }
  }

  private static LegacyFileException unreadable(Path file, IOException e) {
    if (e instanceof NoSuchFileException) {
      return new LegacyFileException("cannot read " + file + ": no such file", e);
    }
    if (e instanceof AccessDeniedException) {
      return new LegacyFileException("cannot read " + file + ": permission denied", e);
    }
    return new LegacyFileException("cannot read " + file + ": " + e.getMessage(), e);
  }

  /** Peeks at the first byte that is not JSON whitespace or a UTF-8 byte-order mark; -1 when empty. */
  private static int firstSignificantChar(InputStream in) throws IOException, LegacyFileException {
    in.mark(MAX_LEADING_BYTES + 1);
    int c;
    int count = 0;
    do {
      c = in.read();
      if (++count > MAX_LEADING_BYTES) {
        throw new LegacyFileException("no JSON in the first " + MAX_LEADING_BYTES + " bytes");
      }
    } while (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0xEF || c == 0xBB || c == 0xBF);
    in.reset();
    return c;
  }

  private ReadCounts readArray(InputStream in, String name, LegacyRecordHandler handler)
      throws IOException, LegacyFileException, InterruptedException {
    long index = 0;
    long accepted = 0;
    try (JsonParser parser = MAPPER.createParser(in)) {
      parser.nextToken(); // START_ARRAY, checked by the caller
      for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
        if (token == null) {
          throw new LegacyFileException(name + ": the JSON array is not closed (after index " + (index - 1) + ")");
        }
        Position position = Position.index(name, index++);
        if (token == JsonToken.START_OBJECT) {
          accepted += handle(ELEMENT_READER.readValue(parser), position, handler);
        } else {
          parser.skipChildren();
          handler.reject(new Rejection(position, LegacyRejectReason.NOT_AN_OBJECT, "a JSON " + kind(token) + ", not an object"));
        }
      }
      if (parser.nextToken() != null) {
        throw new LegacyFileException(name + ": unexpected content after the JSON array, line "
            + parser.currentTokenLocation().getLineNr());
      }
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
          + ", column " + e.getLocation().getColumnNr();
      throw new LegacyFileException(name + ": invalid JSON" + where + " (index " + Math.max(0, index - 1)
          + "): " + firstLine(e.getOriginalMessage()), e);
    }
    return new ReadCounts(index, accepted, index - accepted);
  }

  private ReadCounts readLines(InputStream in, String name, LegacyRecordHandler handler)
      throws IOException, InterruptedException {
    long lineNumber = 0;
    long read = 0;
    long accepted = 0;
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      lineNumber++;
      if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == UTF8_BOM) {
        line = line.substring(1);
      }
      if (line.isBlank()) {
        continue;
      }
      read++;
      Position position = Position.line(name, lineNumber);
      JsonNode node;
      try {
        node = LINE_READER.readValue(line);
      } catch (JsonProcessingException e) {
        handler.reject(new Rejection(position, LegacyRejectReason.INVALID_JSON,
            "not valid JSON: " + LegacyValues.quote(firstLine(e.getOriginalMessage()))));
        continue;
      }
      if (node instanceof ObjectNode object) {
        accepted += handle(object, position, handler);
      } else {
        handler.reject(new Rejection(position, LegacyRejectReason.NOT_AN_OBJECT,
            "a JSON " + node.getNodeType().name().toLowerCase(Locale.ROOT) + ", not an object"));
      }
    }
    return new ReadCounts(read, accepted, read - accepted);
  }

  private int handle(ObjectNode record, Position position, LegacyRecordHandler handler)
      throws InterruptedException {
    try {
      handler.accept(mapper.map(record, position));
      return 1;
    } catch (InvalidRecordException e) {
      handler.reject(new Rejection(position, e.reason(), e.getMessage()));
      return 0;
    }
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }

  private static String kind(JsonToken token) {
    return switch (token) {
      case START_ARRAY -> "array";
      case VALUE_STRING -> "string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
      case VALUE_TRUE, VALUE_FALSE -> "boolean";
      case VALUE_NULL -> "null";
      default -> token.name().toLowerCase(Locale.ROOT);
    };
  }
}

package io.ingestlens.processor.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.ingestlens.event.EventJson;
import io.ingestlens.event.IngestionEvent;
import io.ingestlens.processor.TestEvents;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written reader against Jackson (strict settings) as the reference. */
class JsonCursorTest {

  /** Jackson as strict as the cursor: duplicate names, trailing data and depth 64 refused. */
  private static final ObjectReader JACKSON = strictJackson();

  @ParameterizedTest
  @ValueSource(strings = {
      "{}", "[]", "[1,2,3]", "{\"a\":[{\"b\":null},true,false,-0.5e-3]}", "\"x\"", "0", "-0", "1E+2",
      "  {\"a\" : 1 }  ", "{\"a\":\"\\u00e9\\n\\\"\\\\\\/\"}", "{\"\":1}", "[[[]]]", "123456789012345678901234567890"})
  void acceptsWhatJsonAllows(String json) throws Exception {
    assertThat(cursorAccepts(bytes(json))).isTrue();
    assertThat(jacksonAccepts(bytes(json))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{", "}", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "{'a':1}", "01", "-", "1.", ".5", "+1", "1e", "NaN",
      "Infinity", "nul", "nullx", "tru", "\"abc", "\"a\tb\"", "\"\\x\"", "\"\\u12\"", "[1 2]", "{} {}", "{}x",
      "{\"a\":1,\"a\":2}", "{\"a\":1,\"\\u0061\":2}", "[{\"k\":1,\"k\":1}]", "/* c */ {}", "{\"a\":01}"})
  void refusesWhatJsonDoesNot(String json) throws Exception {
    assertThat(cursorAccepts(bytes(json))).as(json).isFalse();
    assertThat(jacksonAccepts(bytes(json))).as("reference: " + json).isFalse();
  }

  @Test
  void refusesInvalidUtf8ThatJacksonLetsThrough() {
    for (byte[] bad : List.of(
        new byte[] {'"', (byte) 0xc0, (byte) 0x80, '"'}, // overlong NUL
        new byte[] {'"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"'}, // a UTF-16 surrogate
        new byte[] {'"', (byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"'}, // beyond U+10FFFF
        new byte[] {'"', (byte) 0xff, '"'},
        new byte[] {'"', (byte) 0xe2, (byte) 0x82, '"'}, // truncated
        new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, '{', '}'})) { // byte order mark
      assertThat(cursorAccepts(bad)).isFalse();
    }
  }

  @Test
  void decodesNonAsciiAndEscapedStringsAsJacksonDoes() throws Exception {
    String json = "[\"caf\u00e9 \u20ac \uD83D\uDE00\", \"tab\\tquote\\\"\\u00e9\\uD83D\\uDE00\"]";
    JsonCursor cursor = new JsonCursor(bytes(json));
    cursor.peek();
    cursor.skipValue(); // well-formed
    List<String> expected = new ArrayList<>();
    JACKSON.readTree(bytes(json)).forEach(n -> expected.add(n.textValue()));
    JsonCursor strings = new JsonCursor(bytes(json.substring(1, json.indexOf(','))));
    strings.peek();
    assertThat(strings.readString()).isEqualTo(expected.get(0));
    JsonCursor escaped = new JsonCursor(bytes(json.substring(json.indexOf(',') + 2, json.length() - 1)));
    escaped.peek();
    assertThat(escaped.readString()).isEqualTo(expected.get(1));
  }

  @Test
  void readsNumbersExactlyAsDoubleParseDoubleDoes() throws Exception {
    Random random = new Random(7);
    for (int i = 0; i < 200_000; i++) {
      String text = switch (i % 4) {
        case 0 -> Long.toString(random.nextLong() >>> random.nextInt(64));
        case 1 -> random.nextInt(100_000) + "." + String.format("%0" + (1 + random.nextInt(12)) + "d", 0).replace('0', (char) ('0' + random.nextInt(10)));
        case 2 -> Double.toString(random.nextDouble() * Math.pow(10, random.nextInt(20) - 10));
        default -> (random.nextBoolean() ? "-" : "") + random.nextInt(1000) + "." + random.nextInt(1_000_000_000);
      };
      JsonCursor cursor = new JsonCursor(bytes(text));
      cursor.peek();
      assertThat(cursor.readNumber()).as(text).isEqualTo(Double.parseDouble(text));
    }
  }

  @Test
  void integersKnowWhetherTheyFitInALong() throws Exception {
    JsonCursor small = new JsonCursor(bytes("67108864"));
    small.peek();
    small.readNumber();
    assertThat(small.integral()).isTrue();
    assertThat(small.fitsInLong()).isTrue();
    assertThat(small.longValue()).isEqualTo(67108864L);
    JsonCursor huge = new JsonCursor(bytes("123456789012345678901234567890"));
    huge.peek();
    huge.readNumber();
    assertThat(huge.fitsInLong()).isFalse();
    JsonCursor fraction = new JsonCursor(bytes("1.0"));
    fraction.peek();
    fraction.readNumber();
    assertThat(fraction.integral()).isFalse();
  }

  @Test
  void refusesNestingDeeperThanSixtyFour() {
    assertThat(cursorAccepts(bytes("[".repeat(64) + "]".repeat(64)))).isTrue();
    assertThat(cursorAccepts(bytes("[".repeat(65) + "]".repeat(65)))).isFalse();
    assertThatThrownBy(() -> {
      JsonCursor c = new JsonCursor(bytes("{\"a\":".repeat(65) + "1" + "}".repeat(65)));
      c.peek();
      c.skipValue();
    }).hasMessageContaining("nesting depth");
  }

  /** Mutated events: the cursor and Jackson agree on what is JSON, byte for byte. */
  @Test
  void agreesWithJacksonOnMutatedEvents() throws Exception {
    Random random = new Random(20_240_501);
    byte[] alphabet = bytes("{}[]\",:\\ 0123456789.eE+-truefalsnulx\n\tu");
    List<byte[]> seeds = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      IngestionEvent event = TestEvents.run("src-" + i, "obj", i % 2 == 0 ? "SUCCESS" : "FAILED", Duration.ofMinutes(i + 1));
      seeds.add(EventJson.toBytes(event));
    }
    seeds.add(bytes("{\"extra\":{\"a\":[1,{\"b\":\"\\u00e9\"},[true,null]],\"c\":-1.5e3},\"x\":\"y\"}"));
    int disagreements = 0;
    List<String> examples = new ArrayList<>();
    for (int i = 0; i < 30_000; i++) {
      byte[] doc = seeds.get(random.nextInt(seeds.size())).clone();
      int edits = 1 + random.nextInt(3);
      for (int e = 0; e < edits; e++) {
        doc = mutate(doc, random, alphabet);
      }
      boolean ours = cursorAccepts(doc);
      boolean reference = jacksonAccepts(doc);
      if (ours != reference) {
        disagreements++;
        if (examples.size() < 5) {
          examples.add(new String(doc, StandardCharsets.UTF_8) + " cursor=" + ours);
        }
      }
    }
    assertThat(disagreements).as(String.join("\n", examples)).isZero();
  }

  private static byte[] mutate(byte[] doc, Random random, byte[] alphabet) {
    if (doc.length == 0) {
      return new byte[] {alphabet[random.nextInt(alphabet.length)]};
    }
    int at = random.nextInt(doc.length);
    byte b = alphabet[random.nextInt(alphabet.length)];
    return switch (random.nextInt(3)) {
      case 0 -> { // replace
        doc[at] = b;
        yield doc;
      }
      case 1 -> { // delete
        byte[] out = new byte[doc.length - 1];
        System.arraycopy(doc, 0, out, 0, at);
        System.arraycopy(doc, at + 1, out, at, doc.length - at - 1);
        yield out;
      }
      default -> { // insert
        byte[] out = new byte[doc.length + 1];
        System.arraycopy(doc, 0, out, 0, at);
        out[at] = b;
        System.arraycopy(doc, at, out, at + 1, doc.length - at);
        yield out;
      }
    };
  }

  private static boolean cursorAccepts(byte[] json) {
    try {
      JsonCursor cursor = new JsonCursor(json);
      if (cursor.peek() < 0) {
        return false;
      }
      cursor.skipValue();
      return cursor.atEnd();
    } catch (JsonCursor.Malformed e) {
      return false;
    }
  }

  private static boolean jacksonAccepts(byte[] json) {
    try {
      var node = JACKSON.readTree(json);
      return node != null && !node.isMissingNode();
    } catch (Exception e) {
      return false;
    }
  }

  private static ObjectReader strictJackson() {
    JsonMapper mapper = JsonMapper.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();
    mapper.getFactory().setStreamReadConstraints(
        com.fasterxml.jackson.core.StreamReadConstraints.builder().maxNestingDepth(JsonCursor.MAX_DEPTH).build());
    return mapper.reader();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}

package io.ingestlens.processor.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.ingestlens.event.EventJson;
import io.ingestlens.event.IngestionEvent;
import io.ingestlens.processor.TestEvents;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Both readers give the same outcome (valid, or rejected for the same reason) on mutated events. */
class ReadersAgreeTest {

  private final EventReader cursor = new EventReader();
  private final JacksonEventReader jackson = new JacksonEventReader();
  private final JacksonEventReader cached = new JacksonEventReader(true);
  private final long now = Instant.now().getEpochSecond();

  @Test
  void agreeOnMutatedEvents() {
    Random random = new Random(20_240_501);
    byte[] alphabet = bytes("{}[]\",:\\ 0123456789.eE+-truefalsnulx\n\tu");
    List<byte[]> seeds = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      IngestionEvent event = TestEvents.run("src-" + i, "obj", i % 2 == 0 ? "SUCCESS" : "FAILED", Duration.ofMinutes(i + 1));
      seeds.add(EventJson.toBytes(event));
    }
    seeds.add(bytes("{\"extra\":{\"a\":[1,{\"b\":\"\\u00e9\"},[true,null]],\"c\":-1.5e3},\"x\":\"y\"}"));
    seeds.add(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xc3, (byte) 0xa9, '"', '}'});
    List<String> disagreements = new ArrayList<>();
    int valid = 0;
    for (int i = 0; i < 100_000; i++) {
      byte[] doc = seeds.get(random.nextInt(seeds.size())).clone();
      int edits = 1 + random.nextInt(3);
      for (int e = 0; e < edits; e++) {
        doc = mutate(doc, random, alphabet);
      }
      String a = outcome(cursor.read(doc, now));
      String b = outcome(jackson.read(doc, now));
      String c = outcome(cached.read(doc, now));
      if (!b.equals(c) && disagreements.size() < 10) {
        disagreements.add(new String(doc, StandardCharsets.UTF_8) + " jackson=" + b + " cached=" + c);
      }
      valid += a.equals("valid") ? 1 : 0;
      if (!a.equals(b) && disagreements.size() < 10) {
        disagreements.add(new String(doc, StandardCharsets.UTF_8) + " cursor=" + a + " jackson=" + b
            + " / " + cursor.read(doc, now) + " / " + jackson.read(doc, now));
      }
    }
    assertThat(disagreements).isEmpty();
    assertThat(valid).isPositive();
  }

  @Test
  void agreeOnInvalidUtf8AndOtherEncodings() {
    for (byte[] bad : List.of(
        new byte[] {'"', (byte) 0xc0, (byte) 0x80, '"'},
        new byte[] {'"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"'},
        new byte[] {'"', (byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"'},
        new byte[] {'"', (byte) 0xff, '"'},
        new byte[] {'"', (byte) 0xe2, (byte) 0x82, '"'},
        new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"', '}'},
        new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, '{', '}'},
        new byte[] {'{', 0, '}', 0},
        new byte[] {0, '{', 0, '}'},
        new byte[] {'{', '}', 0},
        new byte[] {'{', '"', 'a', '"', ':', '"', 'x', 0, '"', '}'})) {
      assertThat(outcome(jackson.read(bad, now))).as(new String(bad, StandardCharsets.ISO_8859_1))
          .isEqualTo(outcome(cursor.read(bad, now))).isEqualTo("invalid_json");
    }
  }

  private static String outcome(EventReader.Result result) {
    return result instanceof EventReader.Rejected r ? r.reason().errorType() : "valid";
  }

  private static byte[] mutate(byte[] doc, Random random, byte[] alphabet) {
    if (doc.length == 0) {
      return new byte[] {alphabet[random.nextInt(alphabet.length)]};
    }
    int at = random.nextInt(doc.length);
    byte b = alphabet[random.nextInt(alphabet.length)];
    return switch (random.nextInt(3)) {
      case 0 -> {
        doc[at] = b;
        yield doc;
      }
      case 1 -> {
        byte[] out = new byte[doc.length - 1];
        System.arraycopy(doc, 0, out, 0, at);
        System.arraycopy(doc, at + 1, out, at, doc.length - at - 1);
        yield out;
      }
      default -> {
        byte[] out = new byte[doc.length + 1];
        System.arraycopy(doc, 0, out, 0, at);
        out[at] = b;
        System.arraycopy(doc, at, out, at + 1, doc.length - at);
        yield out;
      }
    };
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}

package io.ingestlens.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written check against the JDK's strict decoder as the reference. */
class Utf8Test {

  @ParameterizedTest
  @ValueSource(strings = {"", "41", "c3a9", "e282ac", "f09f9880", "f48fbfbf", "efbbbf", "4142434445464748c3a9494a"})
  void acceptsWellFormedUtf8(String hex) {
    assertThat(Utf8.firstMalformed(HexFormat.of().parseHex(hex))).isEqualTo(-1);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "c080", // overlong NUL
      "c1bf", "e080af", "f0808080", // overlong
      "eda080", "edbfbf", // UTF-16 surrogates
      "f4908080", "f5808080", // past U+10FFFF
      "ff", "fe", "80", "bf", // never a lead byte
      "e282", "c3", "f09f98", // truncated
      "c341", "e28241"}) // a lead without its continuation
  void refusesWhatRfc3629Forbids(String hex) {
    assertThat(Utf8.firstMalformed(HexFormat.of().parseHex("41424344454647" + hex))).isEqualTo(7);
  }

  @Test
  void agreesWithTheJdkDecoderOnRandomBytes() {
    Random random = new Random(3629);
    byte[] pieces = HexFormat.of().parseHex("41007fc2c3dfe0e1eceded9fa0eff0f1f4f58081888f909fa0bfc0c1ff");
    for (int i = 0; i < 200_000; i++) {
      byte[] bytes = new byte[random.nextInt(24)];
      for (int k = 0; k < bytes.length; k++) {
        bytes[k] = pieces[random.nextInt(pieces.length)];
      }
      assertThat(Utf8.firstMalformed(bytes) < 0).as(HexFormat.of().formatHex(bytes)).isEqualTo(jdkAccepts(bytes));
    }
  }

  private static boolean jdkAccepts(byte[] bytes) {
    try {
      StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}

package io.ingestlens.runtime.otel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {

  @Test
  void lineBreaksAndControlCharactersCannotForgeLogLines() {
    String forged = "ok\n2024-01-01 INFO fake line\r\u2028\u0085\u001b[2J";
    String safe = LogText.sanitize(forged, 1000);
    assertThat(safe).doesNotContain("\n", "\r", "\u2028", "\u0085", "\u001b");
    assertThat(safe).startsWith("ok 2024-01-01 INFO fake line");
  }

  @Test
  void longTextIsCutAndMarked() {
    String safe = LogText.sanitize("a".repeat(10_000), LogText.MAX_BODY_CHARS);
    assertThat(safe).hasSize(LogText.MAX_BODY_CHARS + LogText.TRUNCATED_MARK.length()).endsWith(LogText.TRUNCATED_MARK);
  }

  @Test
  void cleanTextIsReturnedAsIs() {
    String text = "Erreur 404 : ressource introuvable (émoji \uD83D\uDE00)";
    assertThat(LogText.sanitize(text, 1000)).isSameAs(text);
  }
}

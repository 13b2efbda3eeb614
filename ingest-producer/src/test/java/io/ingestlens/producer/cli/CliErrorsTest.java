package io.ingestlens.producer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ingestlens.producer.support.Cli;
import io.ingestlens.producer.support.Samples;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad flags, bad files and bad settings: one clear line and exit code 2, before any connection. */
class CliErrorsTest {

  private static final String LOGS = Samples.logsJson().toString();

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {
      "--bogus",
      "replay --speed fast",
      "replay --zone Mars/Olympus",
      "replay --connect-timeout soon",
      "generate --rate x",
      "generate --count",
      "nonsense-command-argument"})
  void badFlagsGiveOneLineAndExitCode2(String args) {
    Cli.Result result = Cli.run(args.split(" "));

    assertThat(result.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.out()).isEmpty();
    assertThat(result.errLines()).singleElement().asString().startsWith("error: ");
  }

  @Test
  void aBadValueNamesTheFlagItWasGivenWith() {
    assertThat(Cli.run("replay", "--connect-timeout", "soon").errLines()).singleElement().asString()
        .startsWith("error: --connect-timeout=soon: not a duration (e.g. 500ms, 30s");
    assertThat(Cli.run("generate", "--rate", "x").errLines()).containsExactly("error: --rate=x: not a number");
    assertThat(Cli.run("generate", "--count").errLines())
        .containsExactly("error: Missing required parameter for option '--count' (N)");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "replay --speed -1",
      "generate --failure-rate 1.5",
      "generate --rate -2",
      "generate --silent-source Nope",
      "generate --burst-object Nope",
      "generate --slow-source Efficy:fast",
      "replay --partitions 0",
      "replay --kafka-property novalue"})
  void badValuesGiveOneLineAndExitCode2(String args) {
    Cli.Result result = Cli.run((args + " --file " + LOGS + " --bootstrap-servers localhost:1").split(" "));

    assertThat(result.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.errLines()).last().asString().startsWith("error: ");
  }

  @Test
  void aMissingFileIsOneLineAndExitCode2() {
    Cli.Result result = Cli.run("--file", dir.resolve("nope.json").toString(), "--bootstrap-servers", "localhost:1");

    assertThat(result.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.errLines()).singleElement().asString()
        .startsWith("error: cannot read ").endsWith("nope.json: no such file");
  }

  @Test
  void aMissingSampleForGenerateIsOneLineAndExitCode2LikeForReplay() {
    Cli.Result result = Cli.run("generate", "--file", dir.resolve("missing.json").toString(), "--dry-run", "--count", "1");

    assertThat(result.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.out()).isEmpty();
    assertThat(result.errLines()).singleElement().asString()
        .startsWith("error: cannot read ").endsWith("missing.json: no such file");
  }

  @Test
  void aFileThatIsNotJsonIsOneLineAndExitCode2() throws Exception {
    Path file = Files.writeString(dir.resolve("logs.csv"), "Etat;Source\nSUCCESS;PowerBI\n");

    Cli.Result result = Cli.run("--file", file.toString(), "--bootstrap-servers", "localhost:1");

    assertThat(result.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.errLines()).containsExactly(
        "error: logs.csv is neither a JSON array nor JSON Lines (it starts with 'E')");
  }

  @Test
  void aBrokenArrayIsOneLineAndExitCode2() throws Exception {
    Path file = Files.writeString(dir.resolve("logs.json"), "[{\"Etat\": \"SUCCESS\",, }]");

    Cli.Result result = Cli.run("--file", file.toString(), "--dry-run");

    assertThat(result.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.out()).isEmpty();
    assertThat(result.errLines()).singleElement().asString().startsWith("error: logs.json: invalid JSON at line 1");
  }

  @Test
  void helpListsTheCommandsAndExitsZero() {
    Cli.Result result = Cli.run("--help");

    assertThat(result.code()).isZero();
    assertThat(result.out()).contains("replay", "generate", "Exit codes");
  }

  @Test
  void commandHelpListsItsOptions() {
    assertThat(Cli.run("replay", "--help").out()).contains("--rebase-time", "--speed", "--strict", "--dry-run");
    assertThat(Cli.run("generate", "--help").out())
        .contains("--failure-rate", "--slow-source", "--silent-source", "--heavy-source", "--burst-object", "--seed");
  }
}

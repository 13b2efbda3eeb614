package io.ingestlens.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Defaults from the given environment, flags over variables, and one-line errors that name the
 * flag or the variable the bad value came from.
 */
class CommandLineConventionsTest {

  enum Mode { ALL, SAMPLED }

  @Command(name = "demo", subcommands = Sub.class)
  static final class Demo implements Callable<Integer> {
    @Option(names = "--workers", defaultValue = "${env:DEMO_WORKERS}", converter = Numbers.PositiveInt.class)
    Integer workers;

    @Option(names = "--topic", defaultValue = "${env:DEMO_TOPIC:-ingestion-logs}")
    String topic;

    @Option(names = "--timeout", defaultValue = "${env:DEMO_TIMEOUT:-30s}")
    Duration timeout;

    @Option(names = "--mode", defaultValue = "${env:DEMO_MODE:-all}")
    Mode mode;

    @Option(names = "--count", defaultValue = "7")
    long count;

    @Override
    public Integer call() {
      return 0;
    }
  }

  @Command(name = "sub")
  static final class Sub implements Callable<Integer> {
    @Option(names = "--partitions", defaultValue = "${env:DEMO_PARTITIONS:-3}", converter = Numbers.PositiveInt.class)
    int partitions;

    @Override
    public Integer call() {
      return 0;
    }
  }

  private record Run(int code, Demo demo, Sub sub, String err) {}

  private static Run run(Map<String, String> env, String... args) {
    Demo demo = new Demo();
    Sub sub = new Sub();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    CommandLine commandLine = new CommandLine(demo, new SubFactory(sub));
    CommandLineConventions.apply(commandLine, new EnvironmentDefaults(env), System.out, errStream, "demo: ");
    int code = commandLine.execute(args);
    return new Run(code, demo, sub, err.toString(StandardCharsets.UTF_8));
  }

  /** Hands picocli the instances the test inspects. */
  private record SubFactory(Sub sub) implements CommandLine.IFactory {
    @Override
    @SuppressWarnings("unchecked")
    public <K> K create(Class<K> cls) throws Exception {
      return cls == Sub.class ? (K) sub : CommandLine.defaultFactory().create(cls);
    }
  }

  @Test
  void defaultsComeFromTheGivenEnvironmentElseTheFallback() {
    Run none = run(Map.of());
    assertThat(none.code()).isZero();
    assertThat(none.demo().workers).isNull();
    assertThat(none.demo().topic).isEqualTo("ingestion-logs");
    assertThat(none.demo().timeout).isEqualTo(Duration.ofSeconds(30));
    assertThat(none.demo().mode).isEqualTo(Mode.ALL);
    assertThat(none.demo().count).isEqualTo(7);

    Run env = run(Map.of("DEMO_WORKERS", "3", "DEMO_TOPIC", " runs ", "DEMO_TIMEOUT", "1h30m", "DEMO_MODE", "Sampled"));
    assertThat(env.demo().workers).isEqualTo(3);
    assertThat(env.demo().topic).isEqualTo("runs");
    assertThat(env.demo().timeout).isEqualTo(Duration.ofMinutes(90));
    assertThat(env.demo().mode).isEqualTo(Mode.SAMPLED);
  }

  @Test
  void aBlankVariableCountsAsUnset() {
    Run run = run(Map.of("DEMO_TOPIC", "  ", "DEMO_WORKERS", ""));
    assertThat(run.code()).isZero();
    assertThat(run.demo().topic).isEqualTo("ingestion-logs");
    assertThat(run.demo().workers).isNull();
  }

  @Test
  void subcommandsTakeTheirDefaultsFromTheSameEnvironment() {
    assertThat(run(Map.of("DEMO_PARTITIONS", "6"), "sub").sub().partitions).isEqualTo(6);
    assertThat(run(Map.of(), "sub").sub().partitions).isEqualTo(3);
  }

  @Test
  void aFlagWinsOverItsVariableEvenABadOne() {
    Run run = run(Map.of("DEMO_WORKERS", "abc", "DEMO_TOPIC", "env-topic"), "--workers", "2", "--topic", "flag-topic");
    assertThat(run.code()).isZero();
    assertThat(run.demo().workers).isEqualTo(2);
    assertThat(run.demo().topic).isEqualTo("flag-topic");
  }

  @Test
  void aBadValueFromTheEnvironmentNamesTheVariable() {
    assertThat(run(Map.of("DEMO_WORKERS", "abc")).err()).isEqualTo("demo: DEMO_WORKERS=abc: not an integer\n");
    assertThat(run(Map.of("DEMO_WORKERS", "0")).err()).isEqualTo("demo: DEMO_WORKERS=0: must be at least 1\n");
    assertThat(run(Map.of("DEMO_TIMEOUT", "soon")).err())
        .startsWith("demo: DEMO_TIMEOUT=soon: not a duration (e.g. 500ms, 30s");
    assertThat(run(Map.of("DEMO_PARTITIONS", "three"), "sub").err())
        .isEqualTo("demo: DEMO_PARTITIONS=three: not an integer\n");
  }

  @Test
  void aBadValueGivenAsAFlagNamesTheFlag() {
    Run run = run(Map.of("DEMO_WORKERS", "4"), "--workers", "abc");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("demo: --workers=abc: not an integer\n");
    assertThat(run(Map.of(), "--timeout=0s").err()).isEqualTo("demo: --timeout=0s: must be more than zero\n");
    assertThat(run(Map.of(), "--count", "x").err()).isEqualTo("demo: --count=x: not an integer\n");
    assertThat(run(Map.of(), "sub", "--partitions", "0").err()).isEqualTo("demo: --partitions=0: must be at least 1\n");
  }

  @Test
  void otherUsageErrorsKeepPicocliSentenceOnOneLineWithExitCodeTwo() {
    Run unknown = run(Map.of(), "--nope");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).isEqualTo("demo: Unknown option: '--nope'\n");

    Run missing = run(Map.of(), "--topic");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).startsWith("demo: Missing required parameter for option '--topic'").hasLineCount(1);
  }

  @Test
  void aValueWithANewlineStaysOnOneLine() {
    Run run = run(Map.of("DEMO_WORKERS", "1\n2"));
    assertThat(run.err()).hasLineCount(1).startsWith("demo: DEMO_WORKERS=1 2: not an integer");
  }

  @Test
  void theAnnotationTellsTheVariableAndItsFallback() {
    CommandLine commandLine = new CommandLine(new Demo());
    assertThat(EnvironmentDefaults.of(commandLine.getCommandSpec().findOption("--topic")))
        .contains(new EnvironmentDefaults.EnvDefault("DEMO_TOPIC", "ingestion-logs"));
    assertThat(EnvironmentDefaults.of(commandLine.getCommandSpec().findOption("--workers")))
        .contains(new EnvironmentDefaults.EnvDefault("DEMO_WORKERS", null));
    assertThat(EnvironmentDefaults.of(commandLine.getCommandSpec().findOption("--count"))).isEmpty();
  }
}

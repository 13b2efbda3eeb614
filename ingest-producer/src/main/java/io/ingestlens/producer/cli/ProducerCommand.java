package io.ingestlens.producer.cli;

import io.ingestlens.runtime.cli.CommandLineConventions;
import io.ingestlens.runtime.cli.EnvironmentDefaults;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level command; {@code replay} runs when no command is named. */
@Command(
    name = "ingest-producer",
    mixinStandardHelpOptions = true,
    versionProvider = ProducerCommand.Version.class,
    description = "Publishes ingestion runs to Kafka: a replay of a legacy file, or a generated live stream.",
    footer = {
      "",
      "Without a command, replay runs: ingest-producer --file logs.json is ingest-producer replay --file logs.json.",
      "Each command's --help lists its options, their variables and defaults."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done",
      "1:records refused with --strict",
      "2:bad flags or settings, or a file that cannot be read or is not JSON",
      "3:Kafka unreachable or not acknowledging",
      "130:interrupted (Ctrl-C, SIGTERM)"
    })
public final class ProducerCommand implements Runnable {

  private static final Set<String> COMMANDS = Set.of("replay", "generate", "help");
  private static final Set<String> TOP_LEVEL_FLAGS = Set.of("-h", "--help", "-V", "--version");

  /** Parses and runs; returns the exit code. */
  public static int execute(String[] args, CliContext context) {
    CommandLine commandLine =
        new CommandLine(new ProducerCommand())
            .addSubcommand("replay", new ReplayCommand(context))
            .addSubcommand("generate", new GenerateCommand(context))
            .addSubcommand("help", new CommandLine.HelpCommand());
    CommandLineConventions.apply(
        commandLine, new EnvironmentDefaults(context.env()), context.out(), context.err(), "error: ");
    commandLine.setExecutionExceptionHandler(new FailureHandler(context.err()));
    try {
      return commandLine.execute(withDefaultCommand(args));
    } finally {
      context.out().flush();
      context.err().flush();
    }
  }

  static String[] withDefaultCommand(String[] args) {
    if (args.length > 0 && (COMMANDS.contains(args[0]) || TOP_LEVEL_FLAGS.contains(args[0]))) {
      return args;
    }
    String[] withReplay = new String[args.length + 1];
    withReplay[0] = "replay";
    System.arraycopy(args, 0, withReplay, 1, args.length);
    return withReplay;
  }

  @Override
  public void run() {
    throw new IllegalStateException("withDefaultCommand always names a command");
  }

  /** The version from the jar manifest; "dev" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = ProducerCommand.class.getPackage().getImplementationVersion();
      return new String[] {"ingest-producer " + (version == null ? "dev" : version)};
    }
  }
}

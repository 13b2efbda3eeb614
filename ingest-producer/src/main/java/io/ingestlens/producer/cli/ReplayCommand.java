package io.ingestlens.producer.cli;

import io.ingestlens.producer.legacy.LegacyReader;
import io.ingestlens.producer.legacy.LegacyRejectReason;
import io.ingestlens.producer.replay.Replay;
import io.ingestlens.producer.replay.ReplayOptions;
import io.ingestlens.producer.replay.ReplayResult;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Reads a legacy file once and publishes every valid record as an event (the default command).",
      "Refused records are reported on standard error, one line each; the rest still goes out."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done",
      "1:records refused with --strict",
      "2:bad flags or settings, or a file that cannot be read or is not JSON",
      "3:Kafka unreachable or not acknowledging",
      "130:interrupted (Ctrl-C, SIGTERM)"
    })
final class ReplayCommand implements Callable<Integer> {

  private final CliContext context;

  @Mixin SharedOptions shared;

  @Option(
      names = "--file",
      paramLabel = "PATH",
      defaultValue = "logs.json",
      description = "Legacy file: a JSON array or JSON Lines. Default: logs.json.")
  Path file;

  @Option(names = "--strict", description = "Exit with code 1 when any record was refused.")
  boolean strict;

  @Option(
      names = "--rebase-time",
      description = "Shift all run times so that the newest run ends now, keeping their spacing.")
  boolean rebaseTime;

  @Option(
      names = "--speed",
      paramLabel = "N",
      defaultValue = "0",
      description = "Publish at N times the original pace (1: real time, 60: an hour a minute); "
          + "0 for as fast as possible. Default: 0.")
  double speed;

  ReplayCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    if (!(speed >= 0) || Double.isInfinite(speed)) {
      throw new IllegalArgumentException("--speed must be 0 or more, got " + speed);
    }
    // A missing or non-JSON file is reported at once, not after waiting for Kafka.
    LegacyReader.checkFile(file);
    ReplayOptions options =
        new ReplayOptions(
            file, shared.zone, rebaseTime, speed, shared.progressEvery, SharedOptions.REPLAY_PROGRESS_INTERVAL);
    try (Output output = Output.open(shared, context)) {
      ReplayResult result =
          new Replay(options, output.sink(), output.telemetry()::rejected, context.err(), context.clock()).run();
      output.summary().println(summary(result, output.sink().verb()));
      if (result.failed() > 0) {
        return ExitCodes.KAFKA;
      }
      if (result.interrupted()) {
        return ExitCodes.INTERRUPTED;
      }
      return strict && result.rejected() > 0 ? ExitCodes.FAILURE : ExitCodes.OK;
    }
  }

  private String summary(ReplayResult result, String verb) {
    StringBuilder line =
        new StringBuilder("replay ")
            .append(file.getFileName())
            .append(": ")
            .append(result.read())
            .append(" read, ")
            .append(result.delivered())
            .append(' ')
            .append(verb)
            .append(", ")
            .append(result.rejected())
            .append(" rejected");
    if (result.rejected() > 0) {
      line.append(" (").append(reasons(result.rejectedByReason())).append(')');
    }
    if (result.failed() > 0) {
      line.append(", ").append(result.failed()).append(" not acknowledged by Kafka");
    }
    if (result.interrupted()) {
      line.append(", interrupted");
    }
    return line.toString();
  }

  private static String reasons(Map<LegacyRejectReason, Long> byReason) {
    return byReason.entrySet().stream()
        .map(e -> e.getKey().code() + " " + e.getValue())
        .collect(Collectors.joining(", "));
  }
}

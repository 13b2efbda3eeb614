package io.ingestlens.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.ingestlens.stack.RepoCompose.Mount;
import io.ingestlens.stack.RepoCompose.Service;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Files mounted into Linux containers or run there keep LF endings on every checkout (Windows
 * included): .gitattributes says so, and no such file holds a CR today.
 */
class ComposeLineEndingsTest {

  @Test
  void containerFilesAreCheckedOutWithLf() {
    List<String> lfPatterns = lfPatterns();
    for (Path file : containerFiles()) {
      Path name = file.getFileName();
      boolean covered =
          lfPatterns.stream()
              .map(p -> FileSystems.getDefault().getPathMatcher("glob:" + p))
              .anyMatch((PathMatcher m) -> m.matches(name));
      assertThat(covered).as(".gitattributes keeps LF for %s", RepoFiles.relative(file)).isTrue();
    }
  }

  @Test
  void containerFilesHoldNoCarriageReturn() {
    for (Path file : containerFiles()) {
      assertThat(RepoFiles.read(file)).as(RepoFiles.relative(file)).doesNotContain("\r");
    }
  }

  /** Every file under a bind mount, plus the Dockerfiles, the Maven wrapper and compose.yaml. */
  private static List<Path> containerFiles() {
    List<Path> files = new ArrayList<>();
    RepoCompose compose = RepoCompose.load();
    for (Service service : compose.services()) {
      for (Mount mount : service.mounts()) {
        if (mount.bind()) {
          files.addAll(regularFiles(mount.hostPath()));
        }
      }
      service.build().ifPresent(b -> files.add(b.dockerfile()));
    }
    files.add(RepoFiles.path("mvnw"));
    files.add(RepoFiles.path("compose.yaml"));
    files.add(RepoFiles.path(".env.example"));
    return files.stream().distinct().toList();
  }

  private static List<Path> regularFiles(Path path) {
    if (Files.isRegularFile(path)) {
      return List.of(path);
    }
    if (!Files.isDirectory(path)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(path)) {
      return walk.filter(Files::isRegularFile).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> lfPatterns() {
    return RepoFiles.lines(".gitattributes").stream()
        .map(String::trim)
        .filter(l -> !l.startsWith("#") && !l.isEmpty())
        .map(l -> l.split("\\s+"))
        .filter(parts -> List.of(parts).contains("eol=lf"))
        .map(parts -> parts[0])
        .toList();
  }
}

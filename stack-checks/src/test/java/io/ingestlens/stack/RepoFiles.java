package io.ingestlens.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The repository checkout under test. Surefire passes its root as system property {@code repo.root};
 * without it (a test started from an IDE) the root is the nearest parent of the working directory
 * that holds {@code mvnw}.
 */
public final class RepoFiles {

  private RepoFiles() {}

  public static Path root() {
    String property = System.getProperty("repo.root");
    if (property != null && !property.isBlank()) {
      return Path.of(property).toAbsolutePath().normalize();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
        return dir;
      }
    }
    throw new IllegalStateException("repository root not found: set system property repo.root");
  }

  /** A path inside the repository, e.g. {@code path("alloy", "config.alloy")}. */
  public static Path path(String first, String... more) {
    return root().resolve(Path.of(first, more)).normalize();
  }

  /** The UTF-8 text of a repository file; a missing file fails the test with its path. */
  public static String read(String first, String... more) {
    return read(path(first, more));
  }

  public static String read(Path file) {
    assertThat(file).as("repository file").isRegularFile();
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static List<String> lines(String first, String... more) {
    return read(first, more).lines().toList();
  }

  /** The path relative to the repository root, with forward slashes, for messages. */
  public static String relative(Path file) {
    return root().relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
  }
}

package io.ingestlens.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The repository checkout under test: surefire passes its root as system property {@code repo.root};
 * without it (a test started from an IDE) the nearest parent of the working directory with
 * {@code mvnw}.
 */
public final class RepoRoot {

  private RepoRoot() {}

  public static Path path() {
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

  public static Path resolve(String first, String... more) {
    return path().resolve(Path.of(first, more)).normalize();
  }
}

package io.ingestlens.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The processor's concern packages (handle, kafka, telemetry...) depend on one another one way
 * only: in a cycle, none can be read, tested or moved without the others. Read from the source
 * tree (imports and fully qualified names), so it needs no tool beyond the JDK.
 *
 * <p>The root package, the service's entry (main, settings, the processor that wires the
 * others), counts too: it uses the others, none of them uses it; they take the values they need.
 */
class ProcessorPackagesTest {

  private static final String PREFIX = "io.ingestlens.processor.";
  private static final Path SOURCES = Path.of("src/main/java/io/ingestlens/processor");
  /** A reference to a type of a sub-package: {@code io.ingestlens.processor.<package>.<Type or *>}. */
  private static final Pattern REFERENCE = Pattern.compile("\\bio\\.ingestlens\\.processor\\.([a-z][a-z0-9_]*)\\.(?:[A-Z*])");
  /** A reference to a type of the root package: {@code io.ingestlens.processor.<Type>}. */
  private static final Pattern ROOT_REFERENCE = Pattern.compile("\\bio\\.ingestlens\\.processor\\.[A-Z]");
  private static final String ROOT = "(root)";

  @Test
  void theConcernPackagesFormNoCycle() {
    Map<String, Set<String>> uses = dependencies();
    assertThat(uses).as("packages found").containsKeys(ROOT, "handle", "kafka", "telemetry");
    assertThat(cycle(uses)).as("a cycle among the processor's packages, in " + uses).isEmpty();
  }

  @Test
  void aCycleIsFound() {
    Map<String, Set<String>> uses = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));
    assertThat(cycle(uses)).containsExactly("a", "b", "c", "a");
    assertThat(cycle(Map.of("a", Set.of("b"), "b", Set.of()))).isEmpty();
  }

  /** Sub-package to the sub-packages its main sources refer to. */
  private static Map<String, Set<String>> dependencies() {
    Map<String, Set<String>> uses = new TreeMap<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Path dir = SOURCES.relativize(file.getParent());
        String from = dir.toString().isEmpty() ? ROOT : dir.toString().replace('/', '.').replace('\\', '.');
        Set<String> targets = uses.computeIfAbsent(from, p -> new TreeSet<>());
        String source = Files.readString(file);
        Matcher m = REFERENCE.matcher(source);
        while (m.find()) {
          if (!m.group(1).equals(from)) {
            targets.add(m.group(1));
          }
        }
        if (!from.equals(ROOT) && ROOT_REFERENCE.matcher(source).find()) {
          targets.add(ROOT);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return uses;
  }

  /** The first cycle found, as the packages along it back to the first; empty when there is none. */
  static List<String> cycle(Map<String, Set<String>> uses) {
    Set<String> done = new TreeSet<>();
    for (String start : new TreeSet<>(uses.keySet())) {
      List<String> found = visit(start, uses, new ArrayList<>(), done);
      if (!found.isEmpty()) {
        return found;
      }
    }
    return List.of();
  }

  private static List<String> visit(String at, Map<String, Set<String>> uses, List<String> path, Set<String> done) {
    int seen = path.indexOf(at);
    if (seen >= 0) {
      List<String> loop = new ArrayList<>(path.subList(seen, path.size()));
      loop.add(at);
      return loop;
    }
    if (done.contains(at)) {
      return List.of();
    }
    path.add(at);
    for (String next : uses.getOrDefault(at, Set.of())) {
      List<String> found = visit(next, uses, path, done);
      if (!found.isEmpty()) {
        return found;
      }
    }
    path.remove(path.size() - 1);
    done.add(at);
    return List.of();
  }
}

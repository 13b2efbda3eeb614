package io.ingestlens.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** YAML loading (SnakeYAML, safe constructor, merge keys resolved) and tree navigation. */
public final class RepoYaml {

  private RepoYaml() {}

  /** Parses a repository YAML file whose top level is a mapping; a syntax error fails the test. */
  public static Map<String, Object> load(String first, String... more) {
    return load(RepoFiles.path(first, more));
  }

  public static Map<String, Object> load(Path file) {
    Object document = parse(RepoFiles.read(file));
    assertThat(document).as("top level of %s", RepoFiles.relative(file)).isInstanceOf(Map.class);
    return map(document);
  }

  /** Parses one YAML document of any shape. */
  public static Object parse(String text) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    return new Yaml(new SafeConstructor(options)).load(text);
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> map(Object node) {
    return node == null ? Map.of() : (Map<String, Object>) node;
  }

  @SuppressWarnings("unchecked")
  public static List<Object> list(Object node) {
    return node == null ? List.of() : (List<Object>) node;
  }

  /** The node at a key path, e.g. {@code at(config, "distributor", "receivers")}. */
  public static Optional<Object> at(Map<String, Object> root, String... keys) {
    Object node = root;
    for (String key : keys) {
      if (!(node instanceof Map<?, ?> m) || !m.containsKey(key)) {
        return Optional.empty();
      }
      node = m.get(key);
    }
    return Optional.ofNullable(node);
  }

  /** The scalar at a key path as text; fails the test when it is absent. */
  public static String text(Map<String, Object> root, String... keys) {
    Optional<Object> node = at(root, keys);
    assertThat(node).as("YAML key %s", String.join(".", keys)).isPresent();
    return String.valueOf(node.get());
  }
}

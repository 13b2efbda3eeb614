package io.ingestlens.stack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * compose.yaml read as data: services with their environment, mounts, ports and dependencies in
 * one shape whichever Compose syntax (short or long, list or map) the file uses.
 */
public final class RepoCompose {

  private static final Pattern VARIABLE =
      Pattern.compile("(?<!\\$)\\$(?:\\{([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*))");

  private final Map<String, Object> root;

  private RepoCompose(Map<String, Object> root) {
    this.root = root;
  }

  public static RepoCompose load() {
    return new RepoCompose(RepoYaml.load("compose.yaml"));
  }

  public Map<String, Object> root() {
    return root;
  }

  public List<Service> services() {
    List<Service> services = new ArrayList<>();
    RepoYaml.map(root.get("services"))
        .forEach((name, node) -> services.add(new Service(name, RepoYaml.map(node))));
    return services;
  }

  public Service service(String name) {
    return services().stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("compose.yaml has no service " + name));
  }

  public Set<String> declaredVolumes() {
    return RepoYaml.map(root.get("volumes")).keySet();
  }

  /** Names of the variables ({@code ${X}}, {@code ${X:-default}}, {@code $X}) used in any value. */
  public Set<String> variables() {
    Set<String> names = new LinkedHashSet<>();
    collectVariables(root, names);
    return names;
  }

  public static Set<String> variablesIn(String text) {
    Set<String> names = new LinkedHashSet<>();
    Matcher m = VARIABLE.matcher(text);
    while (m.find()) {
      names.add(m.group(1) != null ? m.group(1) : m.group(2));
    }
    return names;
  }

  private static void collectVariables(Object node, Set<String> names) {
    if (node instanceof Map<?, ?> map) {
      map.forEach(
          (k, v) -> {
            collectVariables(k, names);
            collectVariables(v, names);
          });
    } else if (node instanceof List<?> list) {
      list.forEach(item -> collectVariables(item, names));
    } else if (node instanceof String s) {
      names.addAll(variablesIn(s));
    }
  }

  /** A volume entry; {@code bind} is true for host paths, false for named volumes. */
  public record Mount(boolean bind, String source, String target, boolean readOnly) {

    /** The host path of a bind mount, resolved against the repository root. */
    public Path hostPath() {
      return RepoFiles.root().resolve(source).normalize();
    }
  }

  /** A published port: {@code hostIp} is empty when the entry names none. */
  public record Port(String hostIp, String hostPort, String containerPort) {}

  /** A build section: context and Dockerfile resolved against the repository root, and its build arguments. */
  public record Build(Path context, Path dockerfile, Map<String, String> args) {}

  public record Service(String name, Map<String, Object> node) {

    public Optional<String> image() {
      return Optional.ofNullable(node.get("image")).map(String::valueOf);
    }

    public List<String> profiles() {
      return RepoYaml.list(node.get("profiles")).stream().map(String::valueOf).toList();
    }

    public Map<String, String> environment() {
      Map<String, String> env = new LinkedHashMap<>();
      Object raw = node.get("environment");
      if (raw instanceof Map<?, ?> map) {
        map.forEach((k, v) -> env.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
      } else {
        for (Object item : RepoYaml.list(raw)) {
          String entry = String.valueOf(item);
          int eq = entry.indexOf('=');
          env.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? "" : entry.substring(eq + 1));
        }
      }
      return env;
    }

    /** Entrypoint followed by command, as separate words (a string form is split on spaces). */
    public List<String> commandLine() {
      List<String> words = new ArrayList<>();
      for (String key : List.of("entrypoint", "command")) {
        Object raw = node.get(key);
        if (raw instanceof List<?> list) {
          list.forEach(w -> words.add(String.valueOf(w)));
        } else if (raw != null) {
          words.addAll(List.of(String.valueOf(raw).trim().split("\\s+")));
        }
      }
      return words;
    }

    public List<Mount> mounts() {
      List<Mount> mounts = new ArrayList<>();
      for (Object item : RepoYaml.list(node.get("volumes"))) {
        if (item instanceof Map<?, ?> map) {
          mounts.add(
              new Mount(
                  "bind".equals(map.get("type")),
                  String.valueOf(map.get("source")),
                  String.valueOf(map.get("target")),
                  Boolean.TRUE.equals(map.get("read_only"))));
        } else {
          String[] parts = String.valueOf(item).split(":");
          String source = parts[0];
          boolean bind = source.startsWith(".") || source.startsWith("/") || source.startsWith("~");
          boolean readOnly = parts.length > 2 && List.of(parts[2].split(",")).contains("ro");
          mounts.add(new Mount(bind, source, parts.length > 1 ? parts[1] : source, readOnly));
        }
      }
      return mounts;
    }

    public List<Port> ports() {
      List<Port> ports = new ArrayList<>();
      for (Object item : RepoYaml.list(node.get("ports"))) {
        if (item instanceof Map<?, ?> map) {
          ports.add(
              new Port(
                  map.get("host_ip") == null ? "" : String.valueOf(map.get("host_ip")),
                  String.valueOf(map.get("published")),
                  String.valueOf(map.get("target"))));
        } else {
          ports.add(parsePort(String.valueOf(item)));
        }
      }
      return ports;
    }

    /** Service name to condition ({@code service_started} for the short list form). */
    public Map<String, String> dependsOn() {
      Map<String, String> deps = new LinkedHashMap<>();
      Object raw = node.get("depends_on");
      if (raw instanceof Map<?, ?> map) {
        map.forEach(
            (k, v) ->
                deps.put(
                    String.valueOf(k),
                    String.valueOf(RepoYaml.map(v).getOrDefault("condition", "service_started"))));
      } else {
        RepoYaml.list(raw).forEach(k -> deps.put(String.valueOf(k), "service_started"));
      }
      return deps;
    }

    public boolean hasHealthcheck() {
      Object hc = node.get("healthcheck");
      return hc instanceof Map<?, ?> map
          && !Boolean.TRUE.equals(map.get("disable"))
          && map.get("test") != null;
    }

    public Optional<Build> build() {
      Object raw = node.get("build");
      if (raw == null) {
        return Optional.empty();
      }
      String context;
      String dockerfile;
      Map<String, String> args = new LinkedHashMap<>();
      if (raw instanceof Map<?, ?> map) {
        context = String.valueOf(map.containsKey("context") ? map.get("context") : ".");
        dockerfile =
            String.valueOf(map.containsKey("dockerfile") ? map.get("dockerfile") : "Dockerfile");
        if (map.get("args") instanceof Map<?, ?> argMap) {
          argMap.forEach((k, v) -> args.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        } else {
          for (Object item : RepoYaml.list(map.get("args"))) {
            String entry = String.valueOf(item);
            int eq = entry.indexOf('=');
            args.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? "" : entry.substring(eq + 1));
          }
        }
      } else {
        context = String.valueOf(raw);
        dockerfile = "Dockerfile";
      }
      Path contextPath = RepoFiles.root().resolve(context).normalize();
      return Optional.of(new Build(contextPath, contextPath.resolve(dockerfile).normalize(), Map.copyOf(args)));
    }
  }

  /** Splits a short-syntax port ("[ip:][host:]container[/proto]"), keeping ${...} whole. */
  static Port parsePort(String spec) {
    List<String> parts = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int depth = 0;
    for (char c : spec.toCharArray()) {
      if (c == '{') {
        depth++;
      } else if (c == '}') {
        depth--;
      }
      if (c == ':' && depth == 0) {
        parts.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    parts.add(current.toString());
    String container = parts.get(parts.size() - 1).replaceAll("/.*$", "");
    return switch (parts.size()) {
      case 1 -> new Port("", "", container);
      case 2 -> new Port("", parts.get(0), container);
      default -> new Port(String.join(":", parts.subList(0, parts.size() - 2)),
          parts.get(parts.size() - 2), container);
    };
  }
}

package io.ingestlens.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.ingestlens.stack.RepoCompose.Build;
import io.ingestlens.stack.RepoCompose.Service;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The service images: one Dockerfile, the build argument {@code MODULE} naming the service, must
 * build each from the reactor as it is today.
 */
class ComposeDockerfileTest {

  private static final String GROUP = "io.ingestlens";
  private static final String MODULE_ARG = "MODULE";

  private final RepoCompose compose = RepoCompose.load();

  private List<Build> builds() {
    List<Build> builds =
        compose.services().stream().flatMap(s -> s.build().stream()).distinct().toList();
    assertThat(builds).hasSize(2);
    return builds;
  }

  /** The service a build makes: its MODULE argument. */
  private static String module(Build build) {
    assertThat(build.args()).as("build arguments of %s", build.dockerfile()).containsKey(MODULE_ARG);
    return build.args().get(MODULE_ARG);
  }

  @Test
  void bothServicesBuildFromOneDockerfileNamingTheModule() {
    List<Build> builds = builds();
    assertThat(builds.stream().map(Build::dockerfile).distinct()).containsExactly(RepoFiles.path("Dockerfile"));
    assertThat(builds.stream().map(ComposeDockerfileTest::module))
        .containsExactlyInAnyOrder("ingest-producer", "ingest-processor");
    assertThat(compose.service("ingest-producer").build().map(ComposeDockerfileTest::module)).contains("ingest-producer");
    assertThat(compose.service("ingest-processor").build().map(ComposeDockerfileTest::module)).contains("ingest-processor");
  }

  /** A build argument is visible only in the stages that declare it, after FROM. */
  @Test
  void everyStageDeclaresTheModuleArgumentItUses() {
    String dockerfile = RepoFiles.read(RepoFiles.path("Dockerfile"));
    String[] stages = dockerfile.split("(?m)^(?=FROM\\s)");
    assertThat(stages).hasSize(3); // the header comment, then the two stages
    for (int i = 1; i < stages.length; i++) {
      assertThat(stages[i]).as("stage %d", i)
          .containsPattern("(?m)^ARG " + MODULE_ARG + "$")
          .containsPattern("\\$\\{?" + MODULE_ARG + "\\b");
    }
  }

  @Test
  void buildsFromTheRepositoryRoot() {
    for (Build build : builds()) {
      assertThat(build.context()).isEqualTo(RepoFiles.root());
    }
  }

  /** Maven refuses a reactor with a missing module pom, even one it does not build. */
  @Test
  void copiesEveryModulePomBeforeResolvingDependencies() throws Exception {
    List<String> modules = modules();
    for (Build build : builds()) {
      String dockerfile = RepoFiles.read(build.dockerfile());
      int goOffline = dockerfile.indexOf("go-offline");
      assertThat(goOffline).isPositive();
      String beforeResolution = dockerfile.substring(0, goOffline);
      assertThat(beforeResolution).contains("COPY mvnw pom.xml", "COPY .mvn .mvn");
      for (String module : modules) {
        assertThat(beforeResolution)
            .as("%s copies %s/pom.xml", RepoFiles.relative(build.dockerfile()), module)
            .containsPattern("(?m)^COPY " + Pattern.quote(module + "/pom.xml") + " ");
      }
    }
  }

  @Test
  void copiesTheSourcesOfEveryModuleTheServiceBuildsWith() throws Exception {
    for (Build build : builds()) {
      String module = module(build);
      String dockerfile = RepoFiles.read(build.dockerfile());
      assertThat(dockerfile).contains("-pl \"$MODULE\" -am");
      for (String needed : reactorClosure(module)) {
        assertThat(dockerfile)
            .as("%s copies the sources of %s", module, needed)
            .containsPattern("(?m)^COPY " + Pattern.quote(needed + "/src " + needed + "/src") + "$");
      }
    }
  }

  @Test
  void runsTheShadedJarTheModuleBuildsAsAnUnprivilegedUser() throws Exception {
    for (Build build : builds()) {
      String module = module(build);
      String dockerfile = RepoFiles.read(build.dockerfile());
      // The Dockerfile names the jar ${MODULE}/target/${MODULE}.jar: the shade plugin must write it there.
      assertThat(shadedJarName(module)).as("jar built by %s", module).isEqualTo(module + ".jar");
      assertThat(dockerfile)
          .contains("COPY --from=build /src/${MODULE}/target/${MODULE}.jar /app/service.jar")
          .contains("ENTRYPOINT [\"java\", \"-XX:MaxRAMPercentage=75\", \"-jar\", \"/app/service.jar\"]")
          .containsPattern("(?m)^USER 10001(:10001)?$");
      String mainClass = mainClass(module).orElseThrow();
      assertThat(RepoFiles.path(module, "src", "main", "java", mainClass.replace('.', '/') + ".java"))
          .as("main class of %s", module)
          .isRegularFile();
    }
  }

  @Test
  void baseImagesArePinnedToAFullJavaVersion() {
    for (Build build : builds()) {
      List<String> froms = new ArrayList<>();
      Matcher m = Pattern.compile("(?m)^FROM\\s+(\\S+)").matcher(RepoFiles.read(build.dockerfile()));
      while (m.find()) {
        froms.add(m.group(1));
      }
      assertThat(froms).hasSize(2);
      assertThat(froms.get(0)).matches("eclipse-temurin:17\\.\\d+\\.\\d+_\\d+-jdk.*");
      assertThat(froms.get(1)).matches("eclipse-temurin:17\\.\\d+\\.\\d+_\\d+-jre.*");
    }
  }

  @Test
  void producerImageIsSharedByTheLiveGenerator() {
    Service producer = compose.service("ingest-producer");
    Service generator = compose.service("ingest-generator");
    assertThat(generator.image()).isEqualTo(producer.image());
    assertThat(generator.build()).isEqualTo(producer.build());
  }

  @Test
  void dockerignoreKeepsBuildOutputAndGitOut() {
    List<String> ignored = RepoFiles.lines(".dockerignore").stream().map(String::trim).toList();
    assertThat(ignored).contains(".git", "**/target", ".env");
  }

  /** The module and every project module it depends on, in any scope (tests compile too). */
  private static Set<String> reactorClosure(String module) throws Exception {
    Set<String> closure = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(module));
    while (!todo.isEmpty()) {
      String next = todo.pop();
      if (closure.add(next)) {
        Document pom = pom(RepoFiles.path(next, "pom.xml"));
        NodeList deps = pom.getElementsByTagName("dependency");
        for (int i = 0; i < deps.getLength(); i++) {
          Element dep = (Element) deps.item(i);
          if (isProjectDependency(dep)) {
            todo.add(child(dep, "artifactId"));
          }
        }
      }
    }
    return closure;
  }

  private static boolean isProjectDependency(Element dep) {
    // Skip the root pom's dependencyManagement entries; module poms list real dependencies.
    Node parent = dep.getParentNode().getParentNode();
    return GROUP.equals(child(dep, "groupId"))
        && !"dependencyManagement".equals(parent.getNodeName());
  }

  private static List<String> modules() throws Exception {
    NodeList nodes = pom(RepoFiles.path("pom.xml")).getElementsByTagName("module");
    List<String> modules = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      modules.add(nodes.item(i).getTextContent().trim());
    }
    assertThat(modules).contains("ingest-producer", "ingest-processor", "stack-checks");
    return modules;
  }

  /** The shade plugin's outputFile name, the module's own or the parent's (named after the artifact). */
  private static String shadedJarName(String module) throws Exception {
    NodeList outputs = pom(RepoFiles.path(module, "pom.xml")).getElementsByTagName("outputFile");
    if (outputs.getLength() == 0) {
      outputs = pom(RepoFiles.path("pom.xml")).getElementsByTagName("outputFile");
    }
    String path = outputs.item(0).getTextContent().trim().replace("${project.artifactId}", module);
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** The module's main.class property, which the parent's shade configuration puts in the manifest. */
  private static Optional<String> mainClass(String module) throws Exception {
    NodeList nodes = pom(RepoFiles.path(module, "pom.xml")).getElementsByTagName("main.class");
    return nodes.getLength() == 0
        ? Optional.empty()
        : Optional.of(nodes.item(0).getTextContent().trim());
  }

  private static String child(Element element, String name) {
    NodeList nodes = element.getElementsByTagName(name);
    return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().trim();
  }

  private static Document pom(Path file) throws Exception {
    assertThat(file).isRegularFile();
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    try (var in = Files.newInputStream(file)) {
      return factory.newDocumentBuilder().parse(in);
    }
  }
}

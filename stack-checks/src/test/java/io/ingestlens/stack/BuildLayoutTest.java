package io.ingestlens.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A second {@code ./mvnw verify} without {@code clean} must not shade the runnable jars again (it
 * did when the shaded jar replaced the module's own: the next build took it as input and warned
 * about every class twice, some 1,500 lines). The runnable jar goes beside the module's jar.
 */
class BuildLayoutTest {

  private static final List<String> RUNNABLE = List.of("ingest-producer", "ingest-processor", "ingest-bench");

  @Test
  void theRunnableJarIsWrittenBesideTheModulesOwnJar() {
    String parent = RepoFiles.read("pom.xml");
    assertThat(parent).contains("<outputFile>${project.build.directory}/${project.artifactId}.jar</outputFile>");
    for (String module : RUNNABLE) {
      String pom = RepoFiles.read(module, "pom.xml");
      assertThat(pom).as(module).contains("<artifactId>maven-shade-plugin</artifactId>", "<main.class>");
      // The module's own jar keeps its default name, <artifactId>-<version>.jar.
      Matcher finalName = Pattern.compile("<finalName>([^<]*)</finalName>").matcher(pom);
      if (finalName.find()) {
        assertThat(finalName.group(1)).as(module + " finalName").isNotIn(module, "${project.artifactId}");
      }
    }
  }
}

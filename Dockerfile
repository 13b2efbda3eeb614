# Image of one service, named by the build argument MODULE (ingest-producer or ingest-processor).
# Build context: the repository root (compose.yaml does this):
#   docker build --build-arg MODULE=ingest-processor -t ingestlens/ingest-processor:local .

# ---- build: Maven wrapper and poms first, so dependencies stay cached until a pom changes.
# (sh mvnw: a Windows checkout may lose the executable bit.)
FROM eclipse-temurin:17.0.20_8-jdk-noble AS build
ARG MODULE
RUN test -n "$MODULE" || { echo "set the build argument MODULE (ingest-producer or ingest-processor)" >&2; exit 1; }
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY ingest-event/pom.xml ingest-event/
COPY ingest-runtime/pom.xml ingest-runtime/
COPY kafka-inprocess/pom.xml kafka-inprocess/
COPY ingest-testkit/pom.xml ingest-testkit/
COPY ingest-producer/pom.xml ingest-producer/
COPY ingest-processor/pom.xml ingest-processor/
COPY ingest-quickstart/pom.xml ingest-quickstart/
COPY stack-checks/pom.xml stack-checks/
COPY stack-e2e/pom.xml stack-e2e/
COPY ingest-bench/pom.xml ingest-bench/
# The project's own modules are built below, not downloaded: exclude them here.
RUN sh mvnw -B -q -pl "$MODULE" -am \
      org.apache.maven.plugins:maven-dependency-plugin:3.9.0:go-offline -DexcludeGroupIds=io.ingestlens
# Sources of the services and the modules they depend on (kafka-inprocess, ingest-testkit: test
# scope, still built). Both services' sources, so one Dockerfile serves both; -pl builds only MODULE.
COPY ingest-event/src ingest-event/src
COPY ingest-runtime/src ingest-runtime/src
COPY kafka-inprocess/src kafka-inprocess/src
COPY ingest-testkit/src ingest-testkit/src
COPY ingest-producer/src ingest-producer/src
COPY ingest-processor/src ingest-processor/src
RUN sh mvnw -B -q -pl "$MODULE" -am package -DskipTests

# ---- runtime: JRE only, unprivileged user.
FROM eclipse-temurin:17.0.20_8-jre-noble
ARG MODULE
RUN groupadd --system --gid 10001 ingestlens \
    && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /app ingestlens
WORKDIR /app
# A fixed name in the image: the exec-form ENTRYPOINT below cannot expand build arguments.
COPY --from=build /src/${MODULE}/target/${MODULE}.jar /app/service.jar
USER 10001:10001
# Heap follows the container's memory limit.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/service.jar"]

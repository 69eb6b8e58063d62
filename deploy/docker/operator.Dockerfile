# syntax=docker/dockerfile:1.7
# The operator image: a JRE, the operator jar and its lib/, a non-root user. Build from the
# repository root after packaging the jars (deploy/docker/build-images.sh does both):
#   ./mvnw -B -pl operator -am package -DskipTests
#   docker build -f deploy/docker/operator.Dockerfile -t ghcr.io/arl-infra/operator:0.1.0 .
# The context is limited by operator.Dockerfile.dockerignore (BuildKit) to operator/target.
ARG JAVA_VERSION=25
FROM eclipse-temurin:${JAVA_VERSION}-jre-noble

# A fixed numeric user, so runAsNonRoot can be verified without reading /etc/passwd.
RUN groupadd --system --gid 10001 arl \
 && useradd --system --uid 10001 --gid arl --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin arl

WORKDIR /opt/arl/operator
# The jar's manifest puts lib/*.jar on the class path, relative to the jar.
COPY operator/target/lib/ lib/
COPY operator/target/operator-*.jar operator.jar

# Tunable JVM options (the chart replaces them); the container-aware JVM sizes the heap from the
# memory limit. Options on the command line below are not meant to be changed.
ENV JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=70 -XX:+ExitOnOutOfMemoryError" \
    ARL_MANAGEMENT_HOST=0.0.0.0

USER 10001:10001
EXPOSE 8081
# -XX:-UsePerfData: no hsperfdata file, so the root filesystem can be read-only.
ENTRYPOINT ["java", "-XX:-UsePerfData", "-Djava.io.tmpdir=/tmp", "-jar", "/opt/arl/operator/operator.jar"]

# syntax=docker/dockerfile:1.7
# The gateway image: a JRE, the gateway jar and its lib/, a non-root user. Build from the
# repository root after packaging the jars (deploy/docker/build-images.sh does both):
#   ./mvnw -B -pl gateway -am package -DskipTests
#   docker build -f deploy/docker/gateway.Dockerfile -t ghcr.io/arl-infra/gateway:0.1.0 .
# The context is limited by gateway.Dockerfile.dockerignore (BuildKit) to gateway/target.
ARG JAVA_VERSION=25
FROM eclipse-temurin:${JAVA_VERSION}-jre-noble

# A fixed numeric user, so runAsNonRoot can be verified without reading /etc/passwd.
RUN groupadd --system --gid 10001 arl \
 && useradd --system --uid 10001 --gid arl --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin arl

WORKDIR /opt/arl/gateway
# The jar's manifest puts lib/*.jar on the class path, relative to the jar.
COPY gateway/target/lib/ lib/
COPY gateway/target/gateway-*.jar gateway.jar

# Tunable JVM options (the chart replaces them); the container-aware JVM sizes the heap from the
# memory limit. Options on the command line below are not meant to be changed.
ENV JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=70 -XX:+ExitOnOutOfMemoryError" \
    ARL_GATEWAY_HOST=0.0.0.0 \
    ARL_MANAGEMENT_HOST=0.0.0.0

USER 10001:10001
EXPOSE 9090 9091
# -XX:-UsePerfData: no hsperfdata file, so the root filesystem can be read-only.
ENTRYPOINT ["java", "-XX:-UsePerfData", "-Djava.io.tmpdir=/tmp", "-jar", "/opt/arl/gateway/gateway.jar"]

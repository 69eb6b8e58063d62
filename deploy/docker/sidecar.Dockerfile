# syntax=docker/dockerfile:1.7
# The sidecar image is an installer, not a server (docs/adr/0019): the operator runs it as the init
# container arl-sidecar-install, whose command `/opt/arl/bin/arl-install /arl` copies a
# self-contained runtime (jlinked JRE, sidecar jar, tini, busybox, launcher) into an emptyDir. The
# executor container then runs /arl/bin/arl-sidecar in the user's own image, which only needs
# /bin/sh and glibc. Build from the repository root after packaging the jars:
#   ./mvnw -B -pl sidecar -am package -DskipTests
#   docker build -f deploy/docker/sidecar.Dockerfile -t ghcr.io/arl-infra/sidecar:0.1.0 .
ARG JAVA_VERSION=25

FROM eclipse-temurin:${JAVA_VERSION}-jdk-noble AS runtime
# tini-static and busybox-static: no shared libraries, so they run in any user image.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini busybox-static \
 && rm -rf /var/lib/apt/lists/*
COPY sidecar/target/lib/ /build/sidecar/lib/
COPY sidecar/target/sidecar-*.jar /build/sidecar/sidecar.jar
COPY deploy/docker/sidecar/ /build/scripts/
RUN TINI=/usr/bin/tini-static BUSYBOX=/bin/busybox \
    sh /build/scripts/assemble-runtime.sh "$JAVA_HOME" /build/sidecar /opt/arl/runtime \
 && install -D -m 0755 /build/scripts/arl-install /opt/arl/bin/arl-install

# busybox provides the /bin/sh and cp that arl-install needs, in about 2 MB.
FROM busybox:1.37-musl
COPY --from=runtime /opt/arl /opt/arl
USER 65532:65532
ENTRYPOINT ["/opt/arl/bin/arl-install"]
CMD ["/arl"]

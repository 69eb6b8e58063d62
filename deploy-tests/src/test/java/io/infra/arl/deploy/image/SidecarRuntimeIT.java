package io.infra.arl.deploy.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.infra.arl.deploy.chart.ProjectFiles;
import io.infra.arl.sidecar.SidecarServer;
import io.infra.arl.testing.tools.Grpcurl;
import io.infra.arl.testing.tools.ToolRun;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sidecar image's runtime, built without Docker by the same script the Dockerfile runs
 * (deploy/docker/sidecar/assemble-runtime.sh), laid out as in the image, installed by the image's
 * arl-install into a fresh directory (the pod's emptyDir) and started by the launcher the operator
 * makes the executor's command: the jlinked JRE must be enough for the sidecar to serve health and
 * reflection, and SIGTERM must stop it.
 *
 * <p>Three stand-ins: the JDK running this test instead of the image's Temurin, a shell script
 * instead of tini-static, and util-linux's setsid instead of busybox-static's (neither static
 * binary is installed here).
 */
class SidecarRuntimeIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  @TempDir Path dir;

  @Test
  void theInstalledRuntimeStartsTheSidecarAndStopsOnSigterm() throws Exception {
    Path volume = installIntoPodVolume(buildImageLayout());

    assertThat(volume.resolve("bin/arl-sidecar")).isExecutable();
    assertThat(Files.readString(volume.resolve("jre/release")))
        .as("a minimal JRE: no desktop, no compiler")
        .contains("java.base")
        .doesNotContain("java.desktop", "jdk.compiler");
    int port = freePort();
    Process sidecar = launch(volume, Files.createDirectories(dir.resolve("pod/workspace")), port);
    try {
      String target = "127.0.0.1:" + port;
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(250))
          .untilAsserted(
              () ->
                  assertThat(grpcurl(target, "grpc.health.v1.Health/Check"))
                      .contains("\"status\": \"SERVING\""));
      assertThat(grpcurl(target, "list")).contains("arl.sidecar.v1.Sidecar");
      assertSignalledExecDiesThroughTheRuntimesTools(target);
      assertThat(sidecar.info().command().orElse(""))
          .startsWith(volume.resolve("jre/bin/java").toString());

      sidecar.destroy(); // SIGTERM, what the kubelet sends

      assertThat(sidecar.waitFor(20, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
    } finally {
      sidecar.descendants().forEach(ProcessHandle::destroyForcibly);
      sidecar.destroyForcibly();
    }
  }

  /** /opt/arl of the sidecar image: bin/arl-install and runtime/. */
  private Path buildImageLayout() throws Exception {
    Path jdk = Path.of(System.getProperty("java.home"));
    Assumptions.assumeTrue(
        Files.isExecutable(jdk.resolve("bin/jlink")), "Skipped: no jlink in " + jdk);
    Path image = Files.createDirectories(dir.resolve("image/opt/arl/bin")).getParent();
    assemble(jdk, sidecarDistribution(), image.resolve("runtime"));
    Files.copy(
        ProjectFiles.docker().resolve("sidecar/arl-install"), image.resolve("bin/arl-install"));
    return image;
  }

  /** Runs the init container's command: arl-install copies the runtime into the pod's volume. */
  private Path installIntoPodVolume(Path image) throws IOException, InterruptedException {
    Path volume = Files.createDirectories(dir.resolve("pod/arl"));
    ToolRun install = sh(image.resolve("bin/arl-install").toString(), volume.toString());
    assertThat(install.succeeded()).as(install.describe()).isTrue();
    return volume;
  }

  /**
   * The sidecar runs with a PATH that has neither setsid nor kill (as in slim images without
   * procps): an exec is started by the runtime's setsid, and a signal reaches its process group
   * through the runtime's kill (before the exec's timeout would have killed it).
   */
  private static void assertSignalledExecDiesThroughTheRuntimesTools(String target) {
    ToolRun bind =
        Grpcurl.run(
            List.of(
                "-plaintext",
                "-d",
                "{\"lease_id\": \"it\", \"fencing_token\": 1}",
                target,
                "arl.sidecar.v1.Sidecar/Bind"),
            Duration.ofSeconds(10));
    assertThat(bind.succeeded()).as(bind.describe()).isTrue();

    ToolRun exec =
        Grpcurl.run(
            List.of(
                "-plaintext",
                "-H",
                "arl-lease-id: it",
                "-H",
                "arl-fencing-token: 1",
                "-d",
                "@",
                target,
                "arl.sidecar.v1.Sidecar/Exec"),
            "{\"start\": {\"command\": \"/bin/sleep 30\", \"timeout_ms\": 10000}}\n"
                + "{\"signal\": \"SIGNAL_SIGTERM\"}\n",
            Duration.ofSeconds(30));

    assertThat(exec.stdout())
        .as(exec.describe())
        .contains("\"exit_code\": 143", "\"signal\": \"SIGNAL_SIGTERM\"")
        .doesNotContain("timed_out");
  }

  private static String grpcurl(String target, String method) {
    return Grpcurl.run(List.of("-plaintext", target, method), Duration.ofSeconds(10)).stdout();
  }

  private Process launch(Path runtime, Path workspace, int port) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(runtime.resolve("bin/arl-sidecar").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("sidecar.log").toFile());
    Map<String, String> env = builder.environment();
    env.put("ARL_WORKSPACE", workspace.toString());
    env.put("ARL_SIDECAR_HOST", "127.0.0.1");
    env.put("ARL_SIDECAR_PORT", Integer.toString(port));
    // No setsid, no kill, no sleep on this PATH: only the runtime's tools/ can serve the sidecar.
    env.put("PATH", "/nonexistent");
    return builder.start();
  }

  private void assemble(Path jdk, Path sidecar, Path out) throws IOException, InterruptedException {
    Path tini = dir.resolve("tini");
    Files.writeString(
        tini,
        "#!/bin/sh\n# tini stand-in: drop the options, exec the command.\n"
            + "while [ \"$1\" != -- ]; do shift; done; shift; exec \"$@\"\n");
    Files.setPosixFilePermissions(tini, PosixFilePermissions.fromString("rwxr-xr-x"));
    ProcessBuilder builder =
        new ProcessBuilder(
                "sh",
                ProjectFiles.docker().resolve("sidecar/assemble-runtime.sh").toString(),
                jdk.toString(),
                sidecar.toString(),
                out.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("assemble.log").toFile());
    builder
        .environment()
        .putAll(
            Map.of(
                "TINI", tini.toString(),
                "BUSYBOX", systemSetsid().toString(),
                "JLINK_COMPRESS", "zip-0"));
    Process process = builder.start();
    boolean done = process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (!done) {
      process.destroyForcibly();
    }
    assertThat(done && process.exitValue() == 0)
        .as("assemble-runtime.sh:\n" + Files.readString(dir.resolve("assemble.log")))
        .isTrue();
  }

  /**
   * The layout {@code ./mvnw -pl sidecar package} leaves in sidecar/target: sidecar.jar and lib/
   * with exactly the jars its manifest's Class-Path names, taken from this test's class path.
   */
  private Path sidecarDistribution() throws IOException, URISyntaxException {
    Path jar =
        Path.of(SidecarServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertThat(jar)
        .as("the sidecar as a packaged jar (run the integration-test phase)")
        .isRegularFile();
    Path dist = Files.createDirectories(dir.resolve("sidecar/lib"));
    Files.copy(jar, dir.resolve("sidecar/sidecar.jar"));
    Map<String, Path> classPath =
        Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
            .map(Path::of)
            .collect(Collectors.toMap(p -> p.getFileName().toString(), p -> p, (a, b) -> a));
    List<String> missing = new ArrayList<>();
    for (String entry : manifestClassPath(jar)) {
      String name = Path.of(entry).getFileName().toString();
      Path found = classPath.get(name);
      if (found == null) {
        missing.add(name);
      } else {
        Files.copy(found, dist.resolve(name));
      }
    }
    assertThat(missing).as("jars the sidecar's manifest names but this class path lacks").isEmpty();
    return dir.resolve("sidecar");
  }

  private static List<String> manifestClassPath(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      String classPath = file.getManifest().getMainAttributes().getValue("Class-Path");
      return classPath == null ? List.of() : List.of(classPath.trim().split("\\s+"));
    }
  }

  private static ToolRun sh(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("sh"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output;
    try (InputStream in = process.getInputStream()) {
      output = new String(in.readAllBytes());
    }
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " still ran after 30 s");
    }
    return new ToolRun(command, process.exitValue(), output, "");
  }

  // Stands in for busybox-static: the runtime links tools/setsid to it, and util-linux's setsid
  // ignores the name it is called by.
  private static Path systemSetsid() {
    Path setsid =
        Stream.of("/usr/bin/setsid", "/bin/setsid")
            .map(Path::of)
            .filter(Files::isExecutable)
            .findFirst()
            .orElse(null);
    Assumptions.assumeTrue(setsid != null, "Skipped: no setsid on this machine");
    return setsid;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}

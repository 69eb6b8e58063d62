package io.infra.arl.loadtest.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A standalone sidecar, as in a sandbox pod: its own JVM running {@code SidecarMain} on a loopback
 * port with its own workspace. The direct-to-sidecar baseline and the idle RSS are measured on it.
 *
 * @param process its JVM
 * @param port its gRPC port on 127.0.0.1
 */
public record SidecarProcess(JavaProcess process, int port) implements AutoCloseable {
  private static final String MAIN = "io.infra.arl.sidecar.SidecarMain";

  /**
   * Starts a sidecar and returns once it listens.
   *
   * @param name for logs
   * @param jvmOptions options of its JVM (empty = the JVM's defaults)
   * @param workDir a private directory for its workspace and log
   * @param jar the sidecar's runnable jar, or {@code null} to run it from this JVM's class path
   */
  public static SidecarProcess start(String name, List<String> jvmOptions, Path workDir, Path jar) {
    return start(name, jvmOptions, Map.of(), workDir, jar);
  }

  /**
   * As {@link #start(String, List, Path, Path)}, with extra environment variables for the JVM (e.g.
   * the {@code MALLOC_ARENA_MAX} the sidecar image's launcher sets).
   *
   * @param environment added to the sidecar's own variables (port, host, workspace)
   */
  public static SidecarProcess start(
      String name,
      List<String> jvmOptions,
      Map<String, String> environment,
      Path workDir,
      Path jar) {
    int port = FreePorts.pick();
    Path workspace = workDir.resolve("workspace-" + name);
    try {
      Files.createDirectories(workspace);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not create " + workspace, e);
    }
    Map<String, String> env = new HashMap<>(environment);
    env.putAll(
        Map.of(
            "ARL_SIDECAR_HOST", "127.0.0.1",
            "ARL_SIDECAR_PORT", Integer.toString(port),
            "ARL_WORKSPACE", workspace.toString()));
    Path log = workDir.resolve("sidecar-" + name + ".log");
    JavaProcess process =
        jar == null
            ? JavaProcess.start("sidecar-" + name, jvmOptions, env, MAIN, log)
            : JavaProcess.startJar("sidecar-" + name, jvmOptions, env, jar, log);
    try {
      FreePorts.awaitListening(port, Duration.ofSeconds(60), process);
      return new SidecarProcess(process, port);
    } catch (RuntimeException e) {
      process.close();
      throw e;
    }
  }

  @Override
  public void close() {
    process.close();
  }
}

package io.infra.arl.testing.kube;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One long-running server binary (etcd, kube-apiserver) started for tests, with its output in a log
 * file, that never outlives the JVM that started it.
 *
 * <p>The binary runs under a tiny {@code /bin/sh} watchdog that polls the JVM's pid once a second:
 * if the JVM dies without cleaning up (SIGKILL, crash), the watchdog terminates the server. A
 * normal {@link #close()} sends SIGTERM, waits for a graceful exit, then kills the whole process
 * tree.
 */
final class ServerProcess implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ServerProcess.class);
  private static final Duration GRACE = Duration.ofSeconds(10);
  private static final int LOG_TAIL_LINES = 40;

  // $1 = owner pid, then the command. `sleep & wait` keeps the TERM trap responsive, and the trap
  // kills that sleep too so nothing at all is left once the watchdog is gone.
  private static final String WATCHDOG =
      """
      owner=$1; shift
      "$@" &
      child=$!
      nap=
      trap 'kill -TERM "$child" $nap 2>/dev/null; wait "$child"; exit $?' TERM INT HUP
      while kill -0 "$owner" 2>/dev/null && kill -0 "$child" 2>/dev/null; do
        sleep 1 &
        nap=$!
        wait "$nap"
      done
      kill -TERM "$child" 2>/dev/null
      wait "$child"
      """;

  private final String name;
  private final Process process;
  private final Path logFile;

  private ServerProcess(String name, Process process, Path logFile) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
  }

  /** Starts {@code command} with stdout and stderr appended to {@code logFile}. */
  static ServerProcess start(String name, List<String> command, Path logFile) {
    return start(name, command, logFile, ProcessHandle.current().pid());
  }

  /**
   * Starts {@code command}, which the watchdog terminates once process {@code ownerPid} is gone.
   */
  static ServerProcess start(String name, List<String> command, Path logFile, long ownerPid) {
    List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", WATCHDOG, "watchdog"));
    wrapped.add(Long.toString(ownerPid));
    wrapped.addAll(command);
    ProcessBuilder builder =
        new ProcessBuilder(wrapped)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    try {
      Process process = builder.start();
      LOG.info("Started server name={} pid={} log={}", name, process.pid(), logFile);
      return new ServerProcess(name, process, logFile);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start " + name + ": " + command.getFirst(), e);
    }
  }

  /** Whether the server is still running. */
  boolean isAlive() {
    return process.isAlive();
  }

  /** The watchdog and the server, for tests that prove nothing is left running. */
  List<ProcessHandle> processTree() {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.add(process.toHandle());
    return tree;
  }

  /** The last lines of the server's log, for failure messages. */
  String logTail() {
    try {
      List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      return String.join(
          "\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    } catch (IOException e) {
      return "<could not read " + logFile + ": " + e.getMessage() + ">";
    }
  }

  /** Throws with the log tail if the server has exited. */
  void checkAlive() {
    if (!process.isAlive()) {
      throw new IllegalStateException(
          name
              + " exited with status "
              + process.exitValue()
              + "; last lines of "
              + logFile
              + ":\n"
              + logTail());
    }
  }

  /** Stops the server gracefully, then forcibly; returns only when the process tree is gone. */
  @Override
  public void close() {
    if (!process.isAlive() && process.descendants().findAny().isEmpty()) {
      return;
    }
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    process.destroy();
    try {
      if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("Killed server name={} after grace={}", name, GRACE);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    tree.addAll(process.descendants().toList());
    tree.forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    tree.forEach(handle -> handle.onExit().join());
    process.onExit().join();
    LOG.info("Stopped server name={} pid={}", name, process.pid());
  }
}

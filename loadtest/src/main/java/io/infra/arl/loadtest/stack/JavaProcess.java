package io.infra.arl.loadtest.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A child JVM on this JVM's class path (the gateway or a sidecar), its output in a log file. It
 * never outlives the harness: it runs under a {@code /bin/sh} watchdog that stops it once the
 * harness's pid is gone (SIGKILL, crash), and a shutdown hook covers Ctrl-C.
 */
public final class JavaProcess implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JavaProcess.class);
  private static final Duration GRACE = Duration.ofSeconds(15);
  private static final int LOG_TAIL_LINES = 30;

  // $1 = owner pid, then the command; `sleep & wait` keeps the TERM trap responsive.
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
  private final Process watchdog;
  private final ProcessHandle jvm;
  private final Path logFile;
  private final Thread shutdownHook;

  private JavaProcess(String name, Process watchdog, ProcessHandle jvm, Path logFile) {
    this.name = name;
    this.watchdog = watchdog;
    this.jvm = jvm;
    this.logFile = logFile;
    this.shutdownHook = new Thread(this::stop, "stop-" + name);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Lets Netty free direct memory with {@code free()} instead of a JVM-wide handshake (ADR 0030);
   * the gateway's, operator's and harness's jars grant it in their manifests.
   */
  public static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";

  /**
   * Starts {@code mainClass} in a new JVM with this JVM's class path.
   *
   * @param name for logs
   * @param jvmOptions options before the class path, e.g. {@code -Xmx1g}
   * @param env extra environment variables
   * @param mainClass the class to run
   * @param logFile where stdout and stderr go
   */
  public static JavaProcess start(
      String name,
      List<String> jvmOptions,
      Map<String, String> env,
      String mainClass,
      Path logFile) {
    return launch(
        name,
        jvmOptions,
        List.of("-cp", System.getProperty("java.class.path"), mainClass),
        env,
        logFile);
  }

  /** As {@link #start}, but runs a runnable jar ({@code java -jar}) instead of a class. */
  public static JavaProcess startJar(
      String name, List<String> jvmOptions, Map<String, String> env, Path jar, Path logFile) {
    return launch(name, jvmOptions, List.of("-jar", jar.toString()), env, logFile);
  }

  private static JavaProcess launch(
      String name,
      List<String> jvmOptions,
      List<String> what,
      Map<String, String> env,
      Path logFile) {
    List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", WATCHDOG, "watchdog"));
    command.add(Long.toString(ProcessHandle.current().pid()));
    command.add(JvmTools.javaHome().resolve("bin/java").toString());
    command.addAll(jvmOptions);
    command.addAll(what);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    builder.environment().putAll(env);
    try {
      Process watchdog = builder.start();
      ProcessHandle jvm = awaitChild(watchdog, name);
      LOG.info("Started process name={} pid={} log={}", name, jvm.pid(), logFile);
      return new JavaProcess(name, watchdog, jvm, logFile);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start " + name, e);
    }
  }

  // The watchdog forks the JVM at once; its pid is what jcmd and /proc need.
  private static ProcessHandle awaitChild(Process watchdog, String name) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      var child = watchdog.children().findFirst();
      if (child.isPresent()) {
        return child.get();
      }
      if (!watchdog.isAlive()) {
        break;
      }
      Thread.onSpinWait();
    }
    watchdog.destroyForcibly();
    throw new IllegalStateException("The JVM of " + name + " did not start");
  }

  /** The JVM's process id. */
  public long pid() {
    return jvm.pid();
  }

  /** Its name, for logs and reports. */
  public String name() {
    return name;
  }

  /** Throws with the end of the log when the JVM has exited. */
  public void checkAlive() {
    if (!jvm.isAlive()) {
      throw new IllegalStateException(
          name + " exited; last lines of " + logFile + ":\n" + logTail());
    }
  }

  /** The last lines of the log. */
  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      return String.join(
          "\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    } catch (IOException e) {
      return "<could not read " + logFile + ": " + e.getMessage() + ">";
    }
  }

  /** Resident set size of the JVM now, in KiB. */
  public long rssKiB() {
    return JvmTools.rssKiB(jvm.pid());
  }

  /** Bytes of live objects on the JVM's heap, measured right after a full GC. */
  public long liveHeapBytes() {
    return JvmTools.liveHeapBytes(jvm.pid());
  }

  /** Stops the JVM (SIGTERM, so shutdown hooks and JFR's dump on exit run), then kills it. */
  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down already: the hook is running or has run.
    }
  }

  private void stop() {
    if (!watchdog.isAlive() && !jvm.isAlive()) {
      return;
    }
    jvm.destroy();
    try {
      jvm.onExit().get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("Killed process name={} pid={} after grace={}", name, jvm.pid(), GRACE);
      jvm.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      jvm.destroyForcibly();
    }
    watchdog.destroyForcibly();
    jvm.onExit().join();
    watchdog.onExit().join();
    LOG.info("Stopped process name={} pid={}", name, jvm.pid());
  }
}

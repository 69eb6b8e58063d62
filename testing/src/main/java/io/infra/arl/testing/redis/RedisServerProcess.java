package io.infra.arl.testing.redis;

import io.infra.arl.testing.files.FileTrees;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One real {@code redis-server} process on a loopback port, without persistence: every start is
 * empty. Keeps its port across {@link #stop()} / {@link #start()} so that clients reconnect to the
 * same address, as they would after a real Redis outage. A JVM shutdown hook kills the process if
 * {@link #close()} is never reached.
 */
public final class RedisServerProcess implements AutoCloseable {

  /** The loopback address the server binds to. */
  public static final String HOST = "127.0.0.1";

  private static final Logger LOG = LoggerFactory.getLogger(RedisServerProcess.class);
  private static final String READY_LINE = "Ready to accept connections";
  private static final long STARTUP_TIMEOUT_SECONDS = 10;
  private static final int PORT_ATTEMPTS = 3;
  private static final int OUTPUT_LINES_KEPT = 40;

  private final Path executable;
  private final Thread shutdownHook = Thread.ofPlatform().unstarted(this::kill);
  private final Deque<String> output = new ArrayDeque<>();
  private Path workDir;
  private volatile Process process;
  private int port;
  private boolean hookRegistered;

  /**
   * Finds {@code redis-server} on the PATH.
   *
   * @throws IllegalStateException saying how to install it when it is missing
   */
  public RedisServerProcess() {
    this.executable = findExecutable();
  }

  /** Starts the server if it is not running: on a free port the first time, then on the same. */
  public synchronized void start() {
    if (isRunning()) {
      return;
    }
    if (!hookRegistered) {
      Runtime.getRuntime().addShutdownHook(shutdownHook);
      hookRegistered = true;
    }
    if (port != 0) {
      launch(port);
      return;
    }
    for (int attempt = 1; ; attempt++) {
      int candidate = freePort();
      try {
        launch(candidate);
        port = candidate;
        return;
      } catch (IllegalStateException e) {
        // Another process may take the free port between our probe and redis-server's bind.
        if (attempt == PORT_ATTEMPTS || !recentOutput().contains("Address already in use")) {
          throw e;
        }
      }
    }
  }

  /** Stops the server (SIGTERM, then SIGKILL): clients see connection refused until start. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  /** Stops and starts the server on the same port: it comes back EMPTY (no keys, no scripts). */
  public synchronized void restart() {
    stop();
    start();
  }

  /**
   * Sends one command and returns its scalar reply (simple string, integer or bulk string; null for
   * nil), e.g. {@code command("EVAL", "return #redis.call('KEYS', ARGV[1])", "0", "arl:*")}.
   *
   * @throws IOException if the server cannot be reached or answers with an error or an aggregate
   */
  public String command(String... args) throws IOException {
    return RespProbe.command(port(), args);
  }

  /** Whether the server process is alive. */
  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** The port, fixed by the first {@link #start()}; 0 before. */
  public synchronized int port() {
    return port;
  }

  /** {@code redis://127.0.0.1:<port>}. */
  public String uri() {
    return "redis://" + HOST + ":" + port();
  }

  /** Stops the server, removes the shutdown hook and the working directory. */
  @Override
  public synchronized void close() {
    stop();
    if (hookRegistered) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // The JVM is already shutting down: the hook runs anyway, nothing to undo.
      }
      hookRegistered = false;
    }
    deleteWorkDir();
  }

  private void launch(int targetPort) {
    CountDownLatch ready = new CountDownLatch(1);
    synchronized (output) {
      output.clear();
    }
    try {
      workDir = workDir != null ? workDir : Files.createTempDirectory("arl-redis-");
      process =
          new ProcessBuilder(
                  executable.toString(),
                  "--port",
                  Integer.toString(targetPort),
                  "--bind",
                  HOST,
                  "--save",
                  "",
                  "--appendonly",
                  "no",
                  "--dir",
                  workDir.toString(),
                  "--daemonize",
                  "no",
                  "--logfile",
                  "")
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start " + executable, e);
    }
    Process started = process;
    Thread.ofVirtual().name("redis-server-" + targetPort).start(() -> pump(started, ready));
    awaitReady(targetPort, ready);
    LOG.info("Started redis-server port={} pid={}", targetPort, started.pid());
  }

  private void awaitReady(int targetPort, CountDownLatch ready) {
    try {
      // The pump counts down on the ready line, or at end of output when the process dies.
      boolean signalled = ready.await(STARTUP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (signalled && process.isAlive() && "PONG".equals(RespProbe.command(targetPort, "PING"))) {
        return;
      }
    } catch (IOException e) {
      // Reported below with the server's own output.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    kill();
    process = null;
    throw new IllegalStateException(
        "redis-server did not answer PING on port "
            + targetPort
            + " within "
            + STARTUP_TIMEOUT_SECONDS
            + " s. Its output:\n"
            + recentOutput());
  }

  private void pump(Process source, CountDownLatch ready) {
    try (BufferedReader in = source.inputReader(StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        remember(line);
        if (line.contains(READY_LINE)) {
          ready.countDown();
        }
      }
    } catch (IOException e) {
      remember("(output unreadable: " + e.getMessage() + ")");
    } finally {
      ready.countDown();
    }
  }

  private void remember(String line) {
    synchronized (output) {
      if (output.size() == OUTPUT_LINES_KEPT) {
        output.removeFirst();
      }
      output.addLast(line);
    }
  }

  private String recentOutput() {
    synchronized (output) {
      return String.join("\n", List.copyOf(output));
    }
  }

  private void kill() {
    Process current = process;
    if (current != null) {
      current.destroyForcibly();
    }
  }

  private void deleteWorkDir() {
    if (workDir == null) {
      return;
    }
    FileTrees.delete(workDir);
    workDir = null;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not find a free loopback port", e);
    }
  }

  private static Path findExecutable() {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "redis-server");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "redis-server not found on PATH ("
            + path
            + "). Tests that use Redis need it: apt-get install -y redis-server");
  }
}

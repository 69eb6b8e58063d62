package io.infra.arl.testing.redis;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Records the commands that clients send to a Redis server, through MONITOR. Commands that Lua
 * scripts issue are left out, so a test can count round trips: one EVALSHA is one entry however
 * many keys its script touches.
 */
public final class RedisMonitor implements AutoCloseable {

  private static final int TIMEOUT_MILLIS = 5_000;
  private static final String END_OF_STREAM = "\u0000end";

  private final int port;
  private final Socket socket;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  private RedisMonitor(int port, Socket socket) {
    this.port = port;
    this.socket = socket;
  }

  /** Connects to the server on {@code port} and starts recording. */
  public static RedisMonitor attach(int port) {
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(RedisServerProcess.HOST, port), TIMEOUT_MILLIS);
      RespProbe.write(socket.getOutputStream(), "MONITOR");
      InputStream in = new BufferedInputStream(socket.getInputStream());
      String reply = RespProbe.readLine(in);
      if (!"+OK".equals(reply)) {
        throw new IOException("MONITOR answered " + reply);
      }
      RedisMonitor monitor = new RedisMonitor(port, socket);
      Thread.ofVirtual().name("redis-monitor-" + port).start(() -> monitor.read(in));
      return monitor;
    } catch (IOException e) {
      closeQuietly(socket);
      throw new UncheckedIOException("Could not attach MONITOR to Redis on port " + port, e);
    }
  }

  /**
   * Returns the names (lower case, e.g. {@code evalsha}) of the commands clients sent since attach
   * or the previous call, in the order Redis ran them. Every command sent before this call is
   * included: a marker is sent and awaited first.
   */
  public List<String> drainClientCommands() {
    String marker = "arl-monitor-" + UUID.randomUUID();
    try {
      RespProbe.command(port, "ECHO", marker);
      List<String> commands = new ArrayList<>();
      for (String line = next(); !line.contains(marker); line = next()) {
        clientCommand(line).ifPresent(commands::add);
      }
      return commands;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not sync with MONITOR on port " + port, e);
    }
  }

  /** Stops recording. */
  @Override
  public void close() {
    closeQuietly(socket);
  }

  private String next() throws IOException {
    try {
      String line = lines.poll(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
      if (line == null || line.equals(END_OF_STREAM)) {
        throw new IOException("MONITOR stream ended or stalled");
      }
      return line;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while reading MONITOR", e);
    }
  }

  private void read(InputStream in) {
    try {
      for (String line = RespProbe.readLine(in); line != null; line = RespProbe.readLine(in)) {
        lines.add(line);
      }
    } catch (IOException e) {
      // The socket was closed by close() or by the server stopping: nothing more to record.
    } finally {
      lines.add(END_OF_STREAM);
    }
  }

  /** Parses {@code +1700000000.123456 [0 127.0.0.1:5555] "evalsha" "..."}; empty for scripts. */
  private static Optional<String> clientCommand(String line) {
    int source = line.indexOf('[');
    int end = line.indexOf(']', source + 1);
    if (source < 0 || end < 0 || line.substring(source + 1, end).endsWith(" lua")) {
      return Optional.empty();
    }
    int open = line.indexOf('"', end);
    int close = line.indexOf('"', open + 1);
    if (open < 0 || close < 0) {
      return Optional.empty();
    }
    return Optional.of(line.substring(open + 1, close).toLowerCase(Locale.ROOT));
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Closing is best effort: the socket is unusable either way.
    }
  }
}

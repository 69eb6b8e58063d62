package io.infra.arl.loadtest.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/** Loopback ports for child servers: picking a free one, and waiting until one accepts. */
final class FreePorts {
  private static final int LOWEST = 10_000;

  private FreePorts() {}

  /**
   * A port that was free a moment ago, taken below the kernel's ephemeral range when there is room:
   * a gateway's local pool binds thousands of ephemeral ports while the gateway starts, and one of
   * them could otherwise take the gRPC port before the gateway binds it.
   */
  static int pick() {
    int below = ephemeralLow();
    for (int attempt = 0; below - LOWEST > 1000 && attempt < 100; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
      if (isFree(port)) {
        return port;
      }
    }
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not find a free loopback port", e);
    }
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  // The first port of /proc/sys/net/ipv4/ip_local_port_range; LOWEST when it cannot be read.
  // (Files.readString returns one byte of this sysctl file on this kernel; readAllLines reads it.)
  private static int ephemeralLow() {
    try {
      String range =
          Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).getFirst().strip();
      return Integer.parseInt(range.split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return LOWEST;
    }
  }

  /** Waits until {@code port} accepts connections; throws after {@code timeout}. */
  static void awaitListening(int port, Duration timeout, JavaProcess owner) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      owner.checkAlive();
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return;
      } catch (IOException e) {
        // Not listening yet: the JVM is still starting.
        LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
      }
    }
    throw new IllegalStateException(
        owner.name()
            + " did not listen on port "
            + port
            + " within "
            + timeout
            + ":\n"
            + owner.logTail());
  }
}

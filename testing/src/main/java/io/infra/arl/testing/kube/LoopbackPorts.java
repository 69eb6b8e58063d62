package io.infra.arl.testing.kube;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks free TCP ports on 127.0.0.1 for servers that cannot report an ephemeral port back (etcd,
 * kube-apiserver and the dev stack's gateways need the number on their command line).
 *
 * <p>Ports come from below the kernel's ephemeral range ({@code ip_local_port_range}), probed at
 * random: a port the kernel handed out with {@code bind(0)} can be handed out again as the source
 * port of an outgoing connection before the server binds it, which under load happened. The ports
 * are held open together, so one call never returns the same port twice, and released just before
 * the servers bind them; the small remaining race (another test process probing the same port) is
 * handled by the callers retrying their start.
 */
public final class LoopbackPorts {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final int LOWEST = 10_000;
  private static final int FALLBACK_EPHEMERAL_START = 32_768;
  private static final int ATTEMPTS = 200;

  private LoopbackPorts() {}

  /** Returns {@code count} distinct ports that were free on 127.0.0.1 a moment ago. */
  public static List<Integer> free(int count) {
    int ceiling = ephemeralStart();
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int attempt = 0; sockets.size() < count && attempt < ATTEMPTS * count; attempt++) {
        int port = ThreadLocalRandom.current().nextInt(LOWEST, ceiling);
        try {
          sockets.add(new ServerSocket(port, 1, LOOPBACK));
        } catch (IOException taken) {
          // in use: try another
        }
      }
      if (sockets.size() < count) {
        throw new UncheckedIOException(
            new IOException(
                "no " + count + " free loopback ports between " + LOWEST + " and " + ceiling));
      }
      return sockets.stream().map(ServerSocket::getLocalPort).toList();
    } finally {
      sockets.forEach(LoopbackPorts::closeQuietly);
    }
  }

  private static int ephemeralStart() {
    try {
      String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
      int start = Integer.parseInt(range.split("\\s+")[0]);
      return start > LOWEST + 1_000 ? start : FALLBACK_EPHEMERAL_START;
    } catch (IOException | RuntimeException e) {
      return FALLBACK_EPHEMERAL_START;
    }
  }

  private static void closeQuietly(ServerSocket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Nothing was accepted on it; a failed close leaves nothing to clean up.
    }
  }
}

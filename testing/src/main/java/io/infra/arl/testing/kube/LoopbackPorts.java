package io.infra.arl.testing.kube;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks free TCP ports on 127.0.0.1 for servers that cannot report an ephemeral port back (etcd and
 * kube-apiserver need the number on their command line).
 *
 * <p>The ports are held open together, so one call never returns the same port twice, and released
 * just before the servers bind them; the small remaining race is handled by {@link KubeCluster}
 * retrying its start.
 */
public final class LoopbackPorts {

  private LoopbackPorts() {}

  /** Returns {@code count} distinct ports that were free on 127.0.0.1 a moment ago. */
  public static List<Integer> free(int count) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        sockets.add(new ServerSocket(0, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1})));
      }
      return sockets.stream().map(ServerSocket::getLocalPort).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not find free loopback ports", e);
    } finally {
      sockets.forEach(LoopbackPorts::closeQuietly);
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

package io.infra.arl.testing.pods;

import io.infra.arl.sidecar.SidecarServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * A pod the stand-in serves.
 *
 * @param name the pod's name
 * @param address the pod IP (a loopback address)
 * @param sidecar the pod's running sidecar, on {@code address:50051}
 */
public record StandInPod(String name, String address, SidecarServer sidecar) {

  /** The sidecar's address. */
  public InetSocketAddress sidecarAddress() {
    return sidecar.address();
  }

  /** The sidecar's workspace (stands for the pod's {@code /workspace}). */
  public Path workspace() {
    return sidecar.workspace();
  }
}

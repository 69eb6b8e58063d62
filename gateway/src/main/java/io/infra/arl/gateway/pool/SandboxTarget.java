package io.infra.arl.gateway.pool;

/**
 * A sandbox a pool offers: its id and where its sidecar listens.
 *
 * @param id sandbox id, unique across gateways sharing a lease store
 * @param pool the pool it belongs to
 * @param host sidecar host (an IP address), or {@value #IN_PROCESS_HOST} for a sidecar served in
 *     this JVM under the sandbox's id (local backend)
 * @param port sidecar gRPC port (0 in process)
 */
public record SandboxTarget(String id, String pool, String host, int port) {

  /** The host of sidecars served in the gateway's own JVM through gRPC's in-process transport. */
  public static final String IN_PROCESS_HOST = "in-process";

  /** A sandbox whose sidecar is served in this JVM under its id. */
  public static SandboxTarget inProcess(String id, String pool) {
    return new SandboxTarget(id, pool, IN_PROCESS_HOST, 0);
  }

  /** Whether the sidecar is served in this JVM (reached by name, not by address). */
  public boolean isInProcess() {
    return IN_PROCESS_HOST.equals(host);
  }
}

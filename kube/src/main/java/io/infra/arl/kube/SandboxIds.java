package io.infra.arl.kube;

import java.util.Optional;

/**
 * The sandbox id of a pool pod, the key of its lease: {@code <namespace>.<pod name>}.
 *
 * <p>One lease store (one key prefix) serves every namespace, so the id must be unique across
 * namespaces; a namespace name is a DNS label (no dot), so the first dot splits the id back
 * unambiguously even though pod names may contain dots. The id is safe in Redis keys, file names,
 * URLs and log lines. Lease ids given to the sidecar's {@code Bind} are {@code <sandbox
 * id>#<fencing token>}; neither part contains {@code #}.
 */
public final class SandboxIds {

  private SandboxIds() {}

  /** The sandbox id of pod {@code name} in {@code namespace}. */
  public static String of(String namespace, String name) {
    if (namespace == null || namespace.isEmpty() || namespace.contains(".")) {
      throw new IllegalArgumentException(
          "namespace: " + namespace + " (expected: a non-empty DNS label)");
    }
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("name: " + name + " (expected: a non-empty pod name)");
    }
    return namespace + "." + name;
  }

  /** The pod a sandbox id names; empty when the id does not follow the convention. */
  public static Optional<PodRef> parse(String sandboxId) {
    if (sandboxId == null) {
      return Optional.empty();
    }
    int dot = sandboxId.indexOf('.');
    if (dot <= 0 || dot == sandboxId.length() - 1) {
      return Optional.empty();
    }
    return Optional.of(new PodRef(sandboxId.substring(0, dot), sandboxId.substring(dot + 1)));
  }

  /** The lease id the sidecar is bound to: {@code <sandbox id>#<fencing token>}. */
  public static String leaseId(String sandboxId, long fencingToken) {
    return sandboxId + "#" + fencingToken;
  }

  /**
   * A pod named by a sandbox id.
   *
   * @param namespace the pod's namespace
   * @param name the pod's name
   */
  public record PodRef(String namespace, String name) {}
}

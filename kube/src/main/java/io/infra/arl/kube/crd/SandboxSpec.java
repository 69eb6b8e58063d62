package io.infra.arl.kube.crd;

/**
 * The desired state of a Sandbox. Nullable fields are optional.
 *
 * @param poolRef the WarmPool (same namespace) to claim a pod from; required
 * @param keepAlive keep the pod after a Task finished, for more Tasks (default false: the pod is
 *     released when the first Task finishes)
 * @param ttlSecondsAfterFinished delete this Sandbox object this long after it finished: after its
 *     release, or, with {@code keepAlive}, after this long without a running Task; null keeps it
 *     until deleted
 * @param idleTimeoutSeconds release the pod after this long without a running Task (default: the
 *     pool's {@code idleTimeoutSeconds}; none when both are null)
 * @param ttlSeconds release the pod this long after it was allocated, busy or not (default: the
 *     pool's {@code ttlSeconds}; none when both are null)
 */
public record SandboxSpec(
    String poolRef,
    Boolean keepAlive,
    Integer ttlSecondsAfterFinished,
    Integer idleTimeoutSeconds,
    Integer ttlSeconds) {

  /** A spec claiming from {@code pool} with everything else defaulted. */
  public static SandboxSpec of(String pool) {
    return new SandboxSpec(pool, null, null, null, null);
  }

  /** {@link #keepAlive()} or false. */
  public boolean keepAliveOrDefault() {
    return Boolean.TRUE.equals(keepAlive);
  }
}

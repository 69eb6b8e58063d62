package io.infra.arl.operator.ttl.plan;

/** Why a sandbox's pod is released; {@link #reason()} is the condition reason. */
public enum ReleaseReason {
  /** Its absolute lifetime ({@code ttlSeconds}) ended. */
  TTL_EXPIRED("TTLExpired"),
  /** No Task ran for {@code idleTimeoutSeconds}. */
  IDLE_TIMEOUT("IdleTimeout"),
  /** Its Task finished and it is not {@code keepAlive}. */
  COMPLETED("Completed"),
  /** Its lease expired or was taken and could not be won back. */
  LEASE_LOST("LeaseLost"),
  /** Its pod disappeared. */
  POD_GONE("PodGone"),
  /** The Sandbox object is being deleted. */
  DELETED("Deleted");

  private final String reason;

  ReleaseReason(String reason) {
    this.reason = reason;
  }

  /** The CamelCase condition reason. */
  public String reason() {
    return reason;
  }
}

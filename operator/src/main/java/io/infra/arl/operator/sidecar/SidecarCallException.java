package io.infra.arl.operator.sidecar;

/** A sidecar call failed; {@link #leaseLost()} says whether the sidecar serves a newer lease. */
public final class SidecarCallException extends Exception {

  private static final long serialVersionUID = 1L;

  private final boolean leaseLost;

  /** A failure; {@code leaseLost} when the sidecar answered ABORTED or PERMISSION_DENIED. */
  public SidecarCallException(String message, boolean leaseLost, Throwable cause) {
    super(message, cause);
    this.leaseLost = leaseLost;
  }

  /** Whether the sidecar is bound to another (newer) lease. */
  public boolean leaseLost() {
    return leaseLost;
  }
}

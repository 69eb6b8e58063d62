package io.infra.arl.sidecar;

/**
 * Hook for tests and for the gateway's ledger: called synchronously, must be cheap, must not throw
 * and must not block ({@link #onBind} may run on a transport thread, ADR 0031).
 */
public interface SidecarObserver {

  /** Observes nothing. */
  SidecarObserver NONE = new SidecarObserver() {};

  /** The sidecar was bound to a lease. */
  default void onBind(String leaseId, long fencingToken) {}

  /** The lease ended: Reset, or cut off by a re-bind with a higher token. */
  default void onUnbind(String leaseId, long fencingToken) {}

  /** A call carrying the bound lease was admitted (Bind, health and reflection are not). */
  default void onCallServed(String leaseId, long fencingToken, String fullMethodName) {}
}

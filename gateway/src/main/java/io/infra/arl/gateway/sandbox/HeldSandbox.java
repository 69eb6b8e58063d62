package io.infra.arl.gateway.sandbox;

import io.infra.arl.gateway.failure.GatewayException;
import io.infra.arl.gateway.pool.SandboxTarget;
import io.infra.arl.gateway.sidecar.SidecarConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A sandbox this gateway holds a lease on, with its timers. Timer fields are written by request
 * threads and read by the reaper, hence volatile; the release flag makes release happen once.
 */
public final class HeldSandbox {
  private final SandboxTarget target;
  private final String leaseToken;
  private final long fencingToken;
  private final SidecarConnection sidecar;
  private final Map<String, String> labels;
  private final Instant claimedAt;
  private final Instant expiresAt;
  private final AtomicBoolean released = new AtomicBoolean();
  private volatile Duration idleTimeout;
  private volatile long lastActivityMillis;
  private volatile Instant leaseExpiresAt;
  private volatile Consumer<GatewayException> onRelease = reason -> {};

  /**
   * @param target the sandbox and where its sidecar is
   * @param leaseToken the lease owner id: the secret the agent presents
   * @param fencingToken the lease's fencing token, bound into the sidecar
   * @param sidecar a connection presenting the lease to the sidecar
   * @param labels labels given at claim time
   * @param claimedAt when the claim was won
   * @param ttl absolute lifetime from claimedAt
   * @param idleTimeout release after this long without activity
   * @param leaseExpiresAt when the lease expires unless renewed
   */
  public HeldSandbox(
      SandboxTarget target,
      String leaseToken,
      long fencingToken,
      SidecarConnection sidecar,
      Map<String, String> labels,
      Instant claimedAt,
      Duration ttl,
      Duration idleTimeout,
      Instant leaseExpiresAt) {
    this.target = target;
    this.leaseToken = leaseToken;
    this.fencingToken = fencingToken;
    this.sidecar = sidecar;
    this.labels = Map.copyOf(labels);
    this.claimedAt = claimedAt;
    this.expiresAt = claimedAt.plus(ttl);
    this.idleTimeout = idleTimeout;
    this.lastActivityMillis = claimedAt.toEpochMilli();
    this.leaseExpiresAt = leaseExpiresAt;
  }

  public String id() {
    return target.id();
  }

  public SandboxTarget target() {
    return target;
  }

  public String leaseToken() {
    return leaseToken;
  }

  public long fencingToken() {
    return fencingToken;
  }

  public SidecarConnection sidecar() {
    return sidecar;
  }

  public Map<String, String> labels() {
    return labels;
  }

  public Instant claimedAt() {
    return claimedAt;
  }

  public Instant expiresAt() {
    return expiresAt;
  }

  public Duration idleTimeout() {
    return idleTimeout;
  }

  public void idleTimeout(Duration idleTimeout) {
    this.idleTimeout = idleTimeout;
  }

  /** When the idle timeout releases the sandbox unless there is activity first. */
  public Instant idleExpiresAt() {
    return Instant.ofEpochMilli(lastActivityMillis).plus(idleTimeout);
  }

  /** Records activity (a request, or output relayed) at the given epoch millisecond. */
  public void touch(long nowMillis) {
    lastActivityMillis = nowMillis;
  }

  public Instant leaseExpiresAt() {
    return leaseExpiresAt;
  }

  public void leaseExpiresAt(Instant leaseExpiresAt) {
    this.leaseExpiresAt = leaseExpiresAt;
  }

  /** Sets who is told when the sandbox is released (the attached session). */
  public void onRelease(Consumer<GatewayException> listener) {
    this.onRelease = listener;
  }

  /** Marks the sandbox released; true only for the first caller. */
  boolean markReleased() {
    return released.compareAndSet(false, true);
  }

  public boolean isReleased() {
    return released.get();
  }

  void notifyReleased(GatewayException reason) {
    onRelease.accept(reason);
  }
}

package io.infra.arl.gateway.pool;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A warm pool as the gateway sees it. The claim protocol is the same for every backend; only where
 * ready sandboxes come from differs (in-process sidecars locally, pods on Kubernetes).
 *
 * <p>Implementations are thread safe. Winning a sandbox is decided by the lease store, never by
 * this view: a candidate may already be leased by another gateway, and the lease store says so.
 */
public interface SandboxPool {

  String name();

  /** Idle timeout of a sandbox when the claim does not give one. */
  Duration defaultIdleTimeout();

  /** Absolute lifetime of a sandbox when the claim does not give one. */
  Duration defaultTtl();

  /**
   * Up to {@code max} ready, unclaimed sandboxes, in an order that spreads concurrent claimers over
   * different sandboxes.
   */
  List<SandboxTarget> candidates(int max);

  /**
   * Takes a sandbox whose lease this gateway just won out of the ready view, so that it is
   * replaced. Empty when the sandbox is gone (destroyed since it was offered).
   */
  Optional<SandboxTarget> claimed(String sandboxId);

  /**
   * The claimer bound the sandbox's sidecar to its lease: the pool may now record the claim where
   * others see it (the Kubernetes backend marks the pod allocated, asynchronously).
   */
  default void bound(SandboxTarget target, long fencingToken) {}

  /**
   * Gives back a sandbox its agent released: it is destroyed, or reset for reuse.
   *
   * @param reset kills the sandbox's processes and empties its workspace through the still-held
   *     lease; a pool that reuses sandboxes runs it before offering the sandbox again
   * @param done deletes the lease and forgets the sidecar connection; the pool runs it once no
   *     other claimer can reach the sandbox in its old state (after the reset, or once the sandbox
   *     is on its way out), so that the lease guards the sandbox until then
   */
  void release(SandboxTarget target, Runnable reset, Runnable done);

  /** Drops a sandbox that turned out broken (e.g. its sidecar did not answer). */
  void discard(SandboxTarget target);

  /** Registers a listener called (on any thread) whenever a sandbox becomes ready. */
  void onReady(Runnable listener);

  PoolStats stats();
}

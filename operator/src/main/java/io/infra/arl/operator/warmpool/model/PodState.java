package io.infra.arl.operator.warmpool.model;

/** Where a pool pod is, as far as keeping the pool full is concerned. */
public enum PodState {
  /** Unclaimed, not serving yet (pending, pulling, sidecar not answering health). */
  STARTING,
  /** Unclaimed and serving: claimable now. */
  READY,
  /** Claimed (or labelled in a way the operator does not understand): never touched by planning. */
  ALLOCATED,
  /** Unclaimed and its containers stopped for good (Failed, Succeeded, evicted). */
  FAILED,
  /** Being deleted. */
  TERMINATING
}

package io.infra.arl.operator.warmpool.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One pod of a pool.
 *
 * @param name the pod's name
 * @param state where it is
 * @param createdAt its creation time (youngest pods are removed first on scale-down)
 */
public record PoolPod(String name, PodState state, Instant createdAt) {

  /** Rejects nulls. */
  public PoolPod {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}

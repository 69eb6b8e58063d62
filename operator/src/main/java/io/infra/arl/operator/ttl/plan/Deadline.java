package io.infra.arl.operator.ttl.plan;

import java.time.Instant;

/**
 * A moment something is due, and why.
 *
 * @param at when
 * @param reason why the sandbox is released then
 */
public record Deadline(Instant at, ReleaseReason reason) {

  /** Whether the deadline has passed at {@code now} (it is due at {@code at} exactly). */
  public boolean isDue(Instant now) {
    return !now.isBefore(at);
  }
}

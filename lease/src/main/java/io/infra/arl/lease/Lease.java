package io.infra.arl.lease;

import java.time.Instant;
import java.util.Objects;

/**
 * A live, exclusive claim on one sandbox.
 *
 * @param sandboxId the leased sandbox
 * @param owner the unique id of the claim that holds it (a retried call presents the same owner)
 * @param fencingToken strictly greater than the token of every lease the store granted before this
 *     one; sidecars refuse any token older than the one they are bound to
 * @param expiresAt when the lease ends unless renewed, as seen by the caller's clock. Stores round
 *     it down (computed from the moment the call was sent), never up, so a holder never believes it
 *     still holds a lease that the store has already expired.
 */
public record Lease(String sandboxId, String owner, long fencingToken, Instant expiresAt) {

  /** Rejects null components. */
  public Lease {
    Objects.requireNonNull(sandboxId, "sandboxId");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** Whether the lease has ended at {@code now} (expiry is exclusive: live strictly before it). */
  public boolean isExpiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }
}

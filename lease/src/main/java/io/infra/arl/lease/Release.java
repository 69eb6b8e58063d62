package io.infra.arl.lease;

import java.time.Instant;
import java.util.Objects;

/**
 * The record a successful {@link LeaseStore#release} leaves behind: the holder gave the sandbox
 * back on purpose, and will reset or delete it. It tells a reaper "released, not abandoned" apart
 * from "the holder stopped renewing".
 *
 * @param sandboxId the released sandbox
 * @param fencingToken the token of the lease that was released
 * @param releasedAt when it was released, as seen by the caller's clock (rounded down)
 */
public record Release(String sandboxId, long fencingToken, Instant releasedAt) {

  /** Rejects null components. */
  public Release {
    Objects.requireNonNull(sandboxId, "sandboxId");
    Objects.requireNonNull(releasedAt, "releasedAt");
  }
}

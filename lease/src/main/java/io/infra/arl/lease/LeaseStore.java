package io.infra.arl.lease;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Grants exclusive, expiring leases on sandboxes: at no instant do two live leases hold one
 * sandbox.
 *
 * <p>Every method is thread safe. Owners are unique per claim (e.g. a random UUID per session), so
 * a call that is retried after an ambiguous failure recognises its own success instead of taking a
 * second sandbox. Arguments are validated with {@link LeaseArguments}: a violation throws {@link
 * IllegalArgumentException} naming the argument. A store that cannot be reached throws {@link
 * LeaseStoreUnavailableException} within its command timeout; the outcome of that call is then
 * unknown, so retry with the same owner (or let the lease expire).
 */
public interface LeaseStore extends AutoCloseable {

  /** How long the record of a release is kept (see {@link #lastRelease}). */
  Duration RELEASE_RECORD_TTL = Duration.ofMinutes(5);

  /**
   * Takes the first free sandbox among the candidates, in order, in ONE round trip. Empty if all
   * are leased. If a candidate is already leased by this same owner (a retried call), returns that
   * lease unchanged instead of taking another, even when an earlier candidate has become free
   * since.
   *
   * @param candidateIds 1 to {@link LeaseArguments#MAX_CANDIDATES} non-blank sandbox ids, in order
   *     of preference
   * @param owner non-blank unique id of this claim
   * @param ttl how long the lease lives unless renewed, at least one millisecond
   */
  Optional<Lease> acquireFirst(List<String> candidateIds, String owner, Duration ttl);

  /**
   * Extends the lease if still held by owner (compare-and-expire): it then expires {@code ttl} from
   * now, with the same fencing token. Empty if lost (expired, released or never held).
   */
  Optional<Lease> renew(String sandboxId, String owner, Duration ttl);

  /**
   * Like {@link #renew}, but when the store holds no lease on the sandbox at all (it lost its data,
   * e.g. Redis restarted empty, or the lease expired unclaimed) it stores {@code lease} again with
   * its owner and fencing token, so a live holder keeps its sandbox. Empty only when another owner
   * holds the sandbox. Safe because the sidecar is fenced: a holder whose sandbox was claimed and
   * re-bound meanwhile is refused by the sidecar whatever the store says.
   */
  Optional<Lease> renewOrRestore(Lease lease, Duration ttl);

  /**
   * Deletes the lease if held by owner (compare-and-delete) and, in the same step, records the
   * release (see {@link #lastRelease}). False if it was not held by owner (already released,
   * expired, or held by someone else, whose lease is left untouched); nothing is recorded then.
   */
  boolean release(String sandboxId, String owner);

  /**
   * The latest successful {@link #release} of the sandbox within the last {@link
   * #RELEASE_RECORD_TTL}; empty if there was none, or if the store lost it (e.g. Redis restarted
   * empty). A lease that expired was not released and leaves no record.
   */
  Optional<Release> lastRelease(String sandboxId);

  /** The live lease on a sandbox, if any. */
  Optional<Lease> get(String sandboxId);

  /** Releases the store's resources (not the leases). Calls after close throw unavailable. */
  @Override
  void close();
}

package io.infra.arl.operator.ttl.plan;

import io.infra.arl.lease.Release;
import java.time.Duration;
import java.time.Instant;

/**
 * When an allocated pod without a live lease is reaped, and why. Three cases, told apart by what
 * the lease store remembers:
 *
 * <ul>
 *   <li>{@link Reason#RELEASED}: its holder released it (the store's release record covers the
 *       newest token known of the pod, or none is known) and is resetting or deleting it, or about
 *       to claim it again. Reaped {@code grace} after that release: a Reset pod that goes back and
 *       forth within one gateway keeps its allocated label between claims, and each release starts
 *       the grace anew.
 *   <li>{@link Reason#LEASE_EXPIRED}: not released, and the expiry last seen on its lease has
 *       passed: the holder stopped renewing (crashed). Reaped at once.
 *   <li>{@link Reason#LEASE_GONE}: not released, and gone before its expiry (e.g. Redis restarted
 *       empty, and a live holder is about to restore it). Reaped {@code grace} after the reaper
 *       first missed it.
 * </ul>
 */
public final class LeaseAbsence {

  /** Why a pod is reaped. */
  public enum Reason {
    RELEASED("ReleasedNotReturned"),
    LEASE_EXPIRED("LeaseExpired"),
    LEASE_GONE("LeaseGone");

    private final String label;

    Reason(String label) {
      this.label = label;
    }

    /** The word in logs and metrics. */
    public String label() {
      return label;
    }
  }

  /**
   * The verdict on one pod.
   *
   * @param reapAt when the pod is to be deleted; at or before now: at once
   * @param reason which case applies
   */
  public record Verdict(Instant reapAt, Reason reason) {

    /** Whether the pod is to be deleted now. */
    public boolean isDue(Instant now) {
      return !now.isBefore(reapAt);
    }
  }

  private LeaseAbsence() {}

  /**
   * Judges a pod whose lease is missing.
   *
   * @param release the store's record of the pod's last release; null if none
   * @param podToken the newest fencing token known of the pod (annotated on it, or seen on its
   *     lease by the reaper); null if none. Annotations are written asynchronously, so a claim that
   *     its holder made just before it crashed may be unknown: such a pod counts as released and
   *     goes {@code grace} after that earlier release, still within {@code grace} of the crash.
   * @param lastSeenExpiry the expiry of the pod's lease when the reaper last saw it; null if never
   * @param missingSince when the reaper first found the lease missing (now, the first time)
   */
  public static Verdict judge(
      Release release,
      Long podToken,
      Instant lastSeenExpiry,
      Instant missingSince,
      Duration grace,
      Instant now) {
    if (release != null && (podToken == null || release.fencingToken() >= podToken)) {
      return new Verdict(release.releasedAt().plus(grace), Reason.RELEASED);
    }
    if (lastSeenExpiry != null && !now.isBefore(lastSeenExpiry)) {
      return new Verdict(now, Reason.LEASE_EXPIRED);
    }
    return new Verdict(missingSince.plus(grace), Reason.LEASE_GONE);
  }
}

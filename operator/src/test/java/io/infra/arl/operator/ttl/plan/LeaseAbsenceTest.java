package io.infra.arl.operator.ttl.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.infra.arl.lease.Release;
import io.infra.arl.operator.ttl.plan.LeaseAbsence.Reason;
import io.infra.arl.operator.ttl.plan.LeaseAbsence.Verdict;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LeaseAbsenceTest {

  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  private static final Duration GRACE = Duration.ofSeconds(10);
  private static final Instant EXPIRED = NOW.minusSeconds(1);
  private static final Instant LIVE = NOW.plusSeconds(20);

  @Test
  void aReleasedPodGetsTheGraceFromItsLastReleaseEvenPastTheLeaseExpiry() {
    Verdict verdict = judge(released(7, NOW.minusSeconds(2)), 7L, EXPIRED, NOW);

    assertThat(verdict).isEqualTo(new Verdict(NOW.plusSeconds(8), Reason.RELEASED));
    assertThat(verdict.isDue(NOW)).isFalse();
  }

  @Test
  void aReleaseCoversAnOlderAnnotatedTokenAndAPodWithoutOne() {
    assertThat(judge(released(9, NOW), 7L, EXPIRED, NOW).reason()).isEqualTo(Reason.RELEASED);
    assertThat(judge(released(9, NOW), null, EXPIRED, NOW).reason()).isEqualTo(Reason.RELEASED);
  }

  @Test
  void aReleasedPodLeftAllocatedPastTheGraceIsDue() {
    Verdict verdict = judge(released(7, NOW.minus(GRACE)), 7L, LIVE, NOW);

    assertThat(verdict.reason()).isEqualTo(Reason.RELEASED);
    assertThat(verdict.isDue(NOW)).isTrue();
  }

  @Test
  void aLaterClaimThatWasNotReleasedExpiresAtOnce() {
    Verdict verdict = judge(released(7, NOW), 8L, EXPIRED, NOW);

    assertThat(verdict).isEqualTo(new Verdict(NOW, Reason.LEASE_EXPIRED));
    assertThat(verdict.isDue(NOW)).isTrue();
  }

  @Test
  void withoutARecordALeasePastItsExpiryExpiredAndOneGoneEarlyWaitsTheGrace() {
    assertThat(judge(null, 7L, EXPIRED, NOW)).isEqualTo(new Verdict(NOW, Reason.LEASE_EXPIRED));
    assertThat(judge(null, 7L, LIVE, NOW.minusSeconds(3)))
        .isEqualTo(new Verdict(NOW.plusSeconds(7), Reason.LEASE_GONE));
    assertThat(judge(null, null, null, NOW))
        .isEqualTo(new Verdict(NOW.plus(GRACE), Reason.LEASE_GONE));
  }

  private static Verdict judge(
      Release release, Long podToken, Instant expiry, Instant missingSince) {
    return LeaseAbsence.judge(release, podToken, expiry, missingSince, GRACE, NOW);
  }

  private static Release released(long token, Instant at) {
    return new Release("ns.pod", token, at);
  }
}

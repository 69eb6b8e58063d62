package io.infra.arl.operator.warmpool.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SurplusesTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant T1 = T0.plusSeconds(3);

  private final Surpluses surpluses = new Surpluses();

  @Test
  void aSurplusOfPodsThatCameBackIsDatedFromWhenItWasFirstSeen() {
    surpluses.record("ns/p", 3, false, null, T0);
    assertThat(surpluses.since("ns/p", 3)).isNull();

    surpluses.record("ns/p", 3, true, null, T0);
    surpluses.record("ns/p", 3, true, T0, T1);

    assertThat(surpluses.since("ns/p", 3)).isEqualTo(T0);
  }

  @Test
  void loweredReplicasWantTheSurplusGoneAtOnce() {
    surpluses.record("ns/p", 5, false, null, T0);
    assertThat(surpluses.since("ns/p", 2)).isEqualTo(Instant.MIN);

    surpluses.record("ns/p", 3, true, null, T0);
    assertThat(surpluses.since("ns/p", 1)).isEqualTo(Instant.MIN);
  }

  @Test
  void aBalancedPassOrAForgottenPoolClearsTheSurplus() {
    surpluses.record("ns/p", 3, true, null, T0);
    surpluses.record("ns/p", 3, false, T0, T1);
    assertThat(surpluses.since("ns/p", 3)).isNull();

    surpluses.record("ns/p", 3, true, null, T1);
    surpluses.forget("ns/p");
    assertThat(surpluses.since("ns/p", 3)).isNull();
  }
}

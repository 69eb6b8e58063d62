package io.infra.arl.operator.warmpool.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.infra.arl.operator.MutableClock;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExpectationsTest {

  private final MutableClock clock = new MutableClock();
  private final Expectations expectations = new Expectations(clock, Duration.ofMinutes(5));

  @Test
  void creationIsPendingUntilTheCacheShowsThePod() {
    expectations.expectCreation("ns/pool", "pool-a");

    assertThat(expectations.settle("ns/pool", Set.of()).creations()).containsExactly("pool-a");
    assertThat(expectations.settle("ns/pool", Set.of("pool-a")).creations()).isEmpty();
    assertThat(expectations.settle("ns/pool", Set.of()).creations()).isEmpty();
  }

  @Test
  void aCreationSeenByAnyWatchEventIsMetEvenIfThePodIsGoneAgain() {
    expectations.expectCreation("ns/pool", "pool-a");

    expectations.observed("ns/pool", "pool-a");

    assertThat(expectations.settle("ns/pool", Set.of()).creations()).isEmpty();
  }

  @Test
  void deletionIsPendingWhileTheCacheStillShowsThePod() {
    expectations.expectDeletion("ns/pool", "pool-a");

    assertThat(expectations.settle("ns/pool", Set.of("pool-a")).deletions())
        .containsExactly("pool-a");
    assertThat(expectations.settle("ns/pool", Set.of()).deletions()).isEmpty();
  }

  @Test
  void failedCallsAreForgotten() {
    expectations.expectCreation("ns/pool", "pool-a");
    expectations.expectDeletion("ns/pool", "pool-b");
    expectations.creationFailed("ns/pool", "pool-a");
    expectations.deletionFailed("ns/pool", "pool-b");

    Expectations.Pending pending = expectations.settle("ns/pool", Set.of("pool-b"));

    assertThat(pending.creations()).isEmpty();
    assertThat(pending.deletions()).isEmpty();
  }

  @Test
  void unmetExpectationsExpireSoALostEventCannotWedgeThePool() {
    expectations.expectCreation("ns/pool", "pool-a");

    clock.advance(Duration.ofMinutes(5).minusMillis(1));
    assertThat(expectations.settle("ns/pool", Set.of()).creations()).containsExactly("pool-a");
    clock.advance(Duration.ofMillis(1));
    assertThat(expectations.settle("ns/pool", Set.of()).creations()).isEmpty();
  }

  @Test
  void poolsAreIndependent() {
    expectations.expectCreation("ns/a", "a-1");

    assertThat(expectations.settle("ns/b", Set.of()).creations()).isEmpty();
    assertThat(expectations.settle("ns/a", Set.of()).creations()).containsExactly("a-1");
  }
}

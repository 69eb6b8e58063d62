package io.infra.arl.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ScaleDownTest {
  private final AtomicInteger excess = new AtomicInteger();
  private final AtomicInteger destroyed = new AtomicInteger();
  // Checks are queued here once their delay passed and run when the test says so.
  private final Queue<Runnable> due = new ConcurrentLinkedQueue<>();
  private final ScaleDown scaleDown =
      new ScaleDown(
          Duration.ofMillis(1),
          due::add,
          excess::get,
          n -> {
            destroyed.addAndGet(n);
            excess.addAndGet(-n);
            return n;
          });

  @Test
  void anExcessNobodyClaimedDuringTheDelayIsDestroyed() {
    excess.set(2);
    scaleDown.returned();

    runDueCheck();

    assertThat(destroyed).hasValue(2);
    assertThat(due).as("no excess left: no further check").isEmpty();
  }

  @Test
  void whatClaimsUsedDuringTheDelayIsKeptAndCheckedAgain() {
    excess.set(2);
    scaleDown.returned();
    excess.set(0); // two claims took the returned sandboxes...
    scaleDown.claimed();
    excess.set(2); // ...and gave them back before the check

    runDueCheck();
    assertThat(destroyed).as("in use during the whole delay").hasValue(0);

    runDueCheck(); // idle for the next delay
    assertThat(destroyed).hasValue(2);
  }

  @Test
  void aPoolAtOrBelowItsReplicasSchedulesNothing() {
    excess.set(0);
    scaleDown.returned();
    excess.set(-3);
    scaleDown.returned();

    assertThat(due).isEmpty();
    assertThat(destroyed).hasValue(0);
  }

  private void runDueCheck() {
    await().atMost(Duration.ofSeconds(5)).until(() -> !due.isEmpty());
    due.poll().run();
  }
}

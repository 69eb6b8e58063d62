package io.infra.arl.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class DelayedStartsTest {

  private static final Duration GRANULARITY = Duration.ofMillis(20);

  @Test
  void startsATaskOnItsOwnThreadOnlyOnceItIsDue() throws Exception {
    try (DelayedStarts starts = new DelayedStarts("test-delays", GRANULARITY)) {
      long due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
      AtomicLong startedAt = new AtomicLong();
      AtomicReference<String> thread = new AtomicReference<>();
      CountDownLatch started = new CountDownLatch(1);

      starts.at(
          due,
          () -> {
            startedAt.set(System.nanoTime());
            thread.set(Thread.currentThread().getName());
            started.countDown();
          });

      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(startedAt.get()).isGreaterThanOrEqualTo(due);
      assertThat(thread.get()).isEqualTo("test-delays");
      assertThat(starts.waiting()).isZero();
    }
  }

  @Test
  void startsTasksInTheOrderTheyAreDueNotTheOrderTheyCame() throws Exception {
    try (DelayedStarts starts = new DelayedStarts("test-delays", GRANULARITY)) {
      long now = System.nanoTime();
      List<Integer> order = new CopyOnWriteArrayList<>();
      CountDownLatch all = new CountDownLatch(3);
      starts.at(now + TimeUnit.MILLISECONDS.toNanos(150), () -> done(order, 3, all));
      starts.at(now + TimeUnit.MILLISECONDS.toNanos(50), () -> done(order, 1, all));
      starts.at(now + TimeUnit.MILLISECONDS.toNanos(100), () -> done(order, 2, all));

      assertThat(all.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(order).containsExactly(1, 2, 3);
    }
  }

  @Test
  void tasksDueSoonAfterABatchWaitForTheNextWakeUp() throws Exception {
    Duration coarse = Duration.ofMillis(400);
    try (DelayedStarts starts = new DelayedStarts("test-delays", coarse)) {
      long now = System.nanoTime();
      AtomicLong first = new AtomicLong();
      AtomicLong second = new AtomicLong();
      CountDownLatch both = new CountDownLatch(2);
      starts.at(now, () -> stamp(first, both));
      starts.at(now + TimeUnit.MILLISECONDS.toNanos(100), () -> stamp(second, both));

      assertThat(both.await(10, TimeUnit.SECONDS)).isTrue();
      // One wake-up per granularity at most: the second task, due 100 ms after the first, is
      // started with the next batch, not on a wake-up of its own.
      assertThat(second.get() - first.get()).isGreaterThanOrEqualTo(coarse.toNanos());
    }
  }

  @Test
  void aFailingTaskDoesNotStopTheOthers() throws Exception {
    try (DelayedStarts starts = new DelayedStarts("test-delays", GRANULARITY)) {
      long now = System.nanoTime();
      CountDownLatch later = new CountDownLatch(1);
      starts.at(
          now,
          () -> {
            throw new IllegalStateException("boom");
          });
      starts.at(now + TimeUnit.MILLISECONDS.toNanos(100), later::countDown);

      assertThat(later.await(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void closeStartsTheWaitingTasksAtOnceAndLaterOnesRunOnTheCaller() {
    DelayedStarts starts = new DelayedStarts("test-delays", GRANULARITY);
    long inAnHour = System.nanoTime() + TimeUnit.HOURS.toNanos(1);
    List<String> ran = new CopyOnWriteArrayList<>();
    starts.at(inAnHour, () -> ran.add("waiting"));
    assertThat(starts.waiting()).isOne();

    starts.close();
    starts.at(inAnHour, () -> ran.add("after close:" + Thread.currentThread().getName()));

    assertThat(ran).containsExactly("waiting", "after close:" + Thread.currentThread().getName());
    assertThat(starts.waiting()).isZero();
  }

  private static void stamp(AtomicLong at, CountDownLatch done) {
    at.set(System.nanoTime());
    done.countDown();
  }

  private static void done(List<Integer> order, int which, CountDownLatch all) {
    order.add(which);
    all.countDown();
  }
}

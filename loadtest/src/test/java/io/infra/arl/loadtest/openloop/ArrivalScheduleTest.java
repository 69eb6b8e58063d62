package io.infra.arl.loadtest.openloop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ArrivalScheduleTest {

  @Test
  void spacesArrivalsEvenlyFromZero() {
    ArrivalSchedule schedule = new ArrivalSchedule(500, Duration.ofSeconds(2));

    assertThat(schedule.count()).isEqualTo(1000);
    assertThat(schedule.offsetNanos(0)).isZero();
    assertThat(schedule.offsetNanos(1)).isEqualTo(2_000_000);
    assertThat(schedule.offsetNanos(999)).isEqualTo(1_998_000_000L);
  }

  @Test
  void keepsFractionalRatesWithoutDrift() {
    ArrivalSchedule schedule = new ArrivalSchedule(3, Duration.ofSeconds(10));

    assertThat(schedule.count()).isEqualTo(30);
    assertThat(schedule.offsetNanos(29)).isEqualTo(9_666_666_667L);
  }

  @Test
  void refusesRatesBelowOnePerSecondAndDurationsShorterThanOneInterval() {
    assertThatThrownBy(() -> new ArrivalSchedule(0.5, Duration.ofSeconds(10)))
        .hasMessageContaining("ratePerSecond: 0.5 (expected: >= 1 per second)");
    assertThatThrownBy(() -> new ArrivalSchedule(10, Duration.ofMillis(50)))
        .hasMessageContaining("duration: PT0.05S");
  }

  @Test
  void refusesIndexesOutsideTheSchedule() {
    ArrivalSchedule schedule = new ArrivalSchedule(10, Duration.ofSeconds(1));

    assertThatThrownBy(() -> schedule.offsetNanos(10))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }
}

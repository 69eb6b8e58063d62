package io.infra.arl.loadtest.openloop;

import java.time.Duration;

/**
 * When each request of a run is meant to be sent: {@code ratePerSecond} evenly spaced arrivals for
 * {@code duration}. Computed up front and never adjusted to how the server keeps up, so a slow
 * server cannot slow the arrivals down (no coordinated omission).
 *
 * @param ratePerSecond arrivals per second, at least 1
 * @param duration how long arrivals go on, at least one arrival interval
 */
public record ArrivalSchedule(double ratePerSecond, Duration duration) {

  /** Checks the arguments. */
  public ArrivalSchedule {
    if (!(ratePerSecond >= 1)) {
      throw new IllegalArgumentException(
          "ratePerSecond: " + ratePerSecond + " (expected: >= 1 per second)");
    }
    if (duration.toNanos() < intervalNanos(ratePerSecond)) {
      throw new IllegalArgumentException(
          "duration: "
              + duration
              + " (expected: at least one interval at "
              + ratePerSecond
              + "/s)");
    }
  }

  /** Number of arrivals in the schedule. */
  public int count() {
    return (int) Math.floor(duration.toNanos() / (double) intervalNanos(ratePerSecond));
  }

  /** Intended send time of arrival {@code index}, in nanoseconds after the run starts. */
  public long offsetNanos(int index) {
    if (index < 0 || index >= count()) {
      throw new IndexOutOfBoundsException(
          "index: " + index + " (expected: 0.." + (count() - 1) + ")");
    }
    return Math.round(index * 1e9 / ratePerSecond);
  }

  /** Time between two arrivals, in nanoseconds. */
  public long intervalNanos() {
    return intervalNanos(ratePerSecond);
  }

  private static long intervalNanos(double rate) {
    return Math.round(1e9 / rate);
  }
}

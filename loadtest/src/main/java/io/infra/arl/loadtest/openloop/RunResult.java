package io.infra.arl.loadtest.openloop;

import java.util.Map;

/**
 * What one open-loop run measured.
 *
 * @param offeredPerSecond the schedule's arrival rate
 * @param sent requests started (the schedule's count)
 * @param succeeded requests whose future completed normally
 * @param errors failed requests by kind (status code and description, "timeout" for requests still
 *     running after the drain timeout, "client backlog" for arrivals dropped at the in-flight cap)
 * @param latency latency of the successful requests, from their intended send time
 * @param achievedPerSecond successful requests per second of the completions' wall time (first to
 *     last completion plus one arrival interval, at least the schedule's duration): a server that
 *     keeps up, its latency level, achieves the offered rate
 */
public record RunResult(
    double offeredPerSecond,
    long sent,
    long succeeded,
    Map<String, Long> errors,
    Percentiles latency,
    double achievedPerSecond) {

  /** Defensive copy. */
  public RunResult {
    errors = Map.copyOf(errors);
  }

  /** Number of failed requests of every kind. */
  public long failed() {
    return errors.values().stream().mapToLong(Long::longValue).sum();
  }
}

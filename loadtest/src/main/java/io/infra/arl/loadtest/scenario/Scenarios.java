package io.infra.arl.loadtest.scenario;

import java.util.List;

/** Every scenario of the suite, in run order (the quietest measurements first). */
public final class Scenarios {
  private Scenarios() {}

  /** All scenarios. */
  public static List<Scenario> all() {
    return List.of(
        new SidecarRssScenario(),
        new ClaimLatencyScenario(),
        new CapacityScenario(),
        new PoolSizeScenario(),
        new ExecScenario(),
        new StreamScenario(),
        new RefillScenario(),
        new SessionHeapScenario(),
        new GhzScenario(),
        new K6Scenario());
  }
}

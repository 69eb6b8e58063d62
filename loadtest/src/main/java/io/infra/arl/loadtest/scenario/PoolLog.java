package io.infra.arl.loadtest.scenario;

import io.infra.arl.api.gateway.v1.Pool;
import io.infra.arl.loadtest.client.GatewayCalls;
import io.infra.arl.loadtest.report.Cells;
import io.infra.arl.loadtest.report.Table;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Kubernetes-mode pool across the phases of a scenario: before each phase it waits (bounded) for
 * the pool to be full again and notes how full it was; after it, how many pods the pool gained and
 * lost meanwhile (a {@code Reset} pool should do neither). A pool that does not refill is reported,
 * not fatal: the phase still runs and its latencies show what a short pool costs.
 */
final class PoolLog {
  private static final Duration REFILL_WAIT = Duration.ofSeconds(10);

  private final GatewayCalls calls;
  private final String pool;
  private final int replicas;
  private final PodWatch watch;
  private final List<String[]> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private String phase;
  private Pool before;
  private long created;
  private long deleted;

  PoolLog(GatewayCalls calls, String pool, int replicas, PodWatch watch) {
    this.calls = calls;
    this.pool = pool;
    this.replicas = replicas;
    this.watch = watch;
  }

  /** Waits for the pool to refill (at most 10 s), then starts counting for phase {@code name}. */
  void before(String name) {
    phase = name;
    before = refill(name);
    created = watch.created(pool);
    deleted = watch.deleted(pool);
  }

  /** Waits for the pool to refill (at most 10 s) before {@code what}; notes it if it did not. */
  Pool refill(String what) {
    Pool seen = ClaimOps.refilled(calls, pool, replicas, REFILL_WAIT);
    if (seen.getReady() < replicas) {
      notes.add(
          "Before "
              + what
              + ", pool `"
              + pool
              + "` was not full again after "
              + Cells.duration(REFILL_WAIT)
              + ": "
              + ClaimOps.describe(seen)
              + ".");
    }
    return seen;
  }

  /** Ends the phase started by {@link #before}. */
  void after() {
    rows.add(
        new String[] {
          phase,
          before.getReady() + " of " + replicas,
          Long.toString(watch.created(pool) - created),
          Long.toString(watch.deleted(pool) - deleted)
        });
  }

  /** One row per phase: ready before, pods created and deleted during it. */
  Table table() {
    Table table =
        Table.of(
            "phase", "ready pods before (gateway's view)", "pods created during", "pods deleted");
    for (String[] row : rows) {
      table = table.with(row);
    }
    return table;
  }

  /** Pools that did not refill in time. */
  List<String> notes() {
    return List.copyOf(notes);
  }
}

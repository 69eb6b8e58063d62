package io.infra.arl.e2e.chaos;

import static org.awaitility.Awaitility.await;

import io.infra.arl.e2e.GatewayClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The agents at work, sharing a budget of cycles, and a progress log every 15 s. */
final class ChaosRun {
  private static final Logger LOG = LoggerFactory.getLogger(ChaosRun.class);

  private final GatewayClients gateways;
  private final int cycles;
  private final int agentCount;
  private final Duration limit;
  private final String pool;
  private final AtomicInteger budget;
  private final CycleTally tally;
  private final Spans holds = new Spans();
  private final Map<Integer, Holding> holdings = new ConcurrentHashMap<>();
  private final ExecutorService agents;
  private final ScheduledExecutorService progress =
      Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().factory());
  private long startedAt;

  /**
   * @param cycles how many cycles the agents run together
   * @param agentCount how many agents run at once
   * @param limit how long they may take
   * @param pool the pool they claim from
   */
  ChaosRun(GatewayClients gateways, int cycles, int agentCount, Duration limit, String pool) {
    this.gateways = gateways;
    this.cycles = cycles;
    this.agentCount = agentCount;
    this.limit = limit;
    this.pool = pool;
    this.budget = new AtomicInteger(cycles);
    this.tally = new CycleTally(gateways.size());
    this.agents = Executors.newFixedThreadPool(agentCount);
  }

  void start() {
    startedAt = System.nanoTime();
    for (int i = 0; i < agentCount; i++) {
      agents.execute(new ChaosAgent(i, gateways, pool, budget, tally, holds, holdings));
    }
    agents.shutdown();
    progress.scheduleAtFixedRate(
        () ->
            LOG.info(
                "Chaos progress started={} completed={} failed={}",
                started(),
                tally.completed(),
                tally.failed()),
        15,
        15,
        TimeUnit.SECONDS);
  }

  /** Waits until {@code cycles} cycles have started. */
  void awaitProgress(int cycles) {
    await(cycles + " cycles started")
        .atMost(remaining())
        .pollInterval(Duration.ofMillis(50))
        .until(() -> started() >= cycles);
  }

  void finish() throws InterruptedException {
    if (!agents.awaitTermination(remaining().toMillis(), TimeUnit.MILLISECONDS)) {
      agents.shutdownNow();
      throw new AssertionError("the chaos run did not finish within " + limit);
    }
  }

  /** Stops the agents (if still running) and logs where they got. */
  void stop() {
    agents.shutdownNow();
    progress.shutdownNow();
    LOG.info(
        "Chaos agents stopped started={} completed={} failed={} failures={}",
        started(),
        tally.completed(),
        tally.failed(),
        tally.failures());
  }

  /** Pods held through {@code gateway} right now, with their fencing tokens. */
  Map<String, String> heldThrough(int gateway) {
    Map<String, String> held = new HashMap<>();
    holdings.values().stream()
        .filter(h -> h.gateway() == gateway)
        .forEach(h -> held.put(ChaosAgent.pod(h.sandboxId()), Long.toString(h.fencingToken())));
    return held;
  }

  int started() {
    return cycles - Math.max(0, budget.get());
  }

  List<Long> completedByGateway() {
    List<Long> counts = new ArrayList<>();
    for (int i = 0; i < gateways.size(); i++) {
      counts.add(tally.completed(i));
    }
    return counts;
  }

  CycleTally tally() {
    return tally;
  }

  Spans holds() {
    return holds;
  }

  private Duration remaining() {
    Duration left = limit.minusNanos(System.nanoTime() - startedAt);
    return left.isNegative() ? Duration.ZERO : left;
  }
}

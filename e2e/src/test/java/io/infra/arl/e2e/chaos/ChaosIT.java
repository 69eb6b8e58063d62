package io.infra.arl.e2e.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.infra.arl.api.gateway.v1.Pool;
import io.infra.arl.e2e.GatewayClients;
import io.infra.arl.e2e.RepoRoot;
import io.infra.arl.kube.Labels;
import io.infra.arl.kube.crd.ArlResources;
import io.infra.arl.testing.stack.DevStack;
import io.infra.arl.testing.stack.StackOptions;
import io.kubernetes.client.openapi.models.V1Pod;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 6's chaos test, bounded in count and time, loopback only: {@value #AGENTS} agents run
 * {@value #CYCLES} claim / exec {@code true} / release cycles through three gateways while gateway
 * 1 is SIGKILLed and restarted and, later, redis-server restarts empty. Afterwards:
 *
 * <ul>
 *   <li>the sidecars' own ledger shows no pod serving two leases at once, and neither do the
 *       agents' records (claim answered to exec finished, per fencing token);
 *   <li>every pod the killed gateway held was reaped (deleted by the operator) or claimed again
 *       within the lease TTL plus two reconcile periods of the reaper ({@code reap-grace});
 *   <li>nothing leaked: no lease left in Redis, no pod left allocated, the pool full again.
 * </ul>
 */
class ChaosIT {
  private static final Logger LOG = LoggerFactory.getLogger(ChaosIT.class);

  private static final int CYCLES = 20_000;
  private static final int AGENTS = 12;
  private static final int GATEWAYS = 3;
  private static final int VICTIM = 1;
  private static final String POOL = "chaos-pool"; // chaos-pool.yaml
  private static final int REPLICAS = 20;
  private static final Duration LEASE_TTL = Duration.ofSeconds(6);
  // The reaper's period for a pod whose lease went missing before its expiry; it must outlast a
  // gateway restoring its leases into the restarted Redis (reconnect + one renewal round).
  private static final Duration REAP_PERIOD = Duration.ofSeconds(5);
  private static final Duration REAP_BOUND = LEASE_TTL.plus(REAP_PERIOD.multipliedBy(2));
  private static final Duration RUN_LIMIT = Duration.ofMinutes(20);

  @Test
  void noDoubleServeAndNoLeakThroughGatewayCrashAndRedisRestart() throws Exception {
    SidecarLedger ledger = new SidecarLedger();
    StackOptions options =
        StackOptions.defaults()
            .withNamespace("chaos")
            .withGateways(GATEWAYS, 0)
            .withExamples(false)
            .withObservers(ledger)
            .withGatewayProperty("arl.gateway.lease-ttl", LEASE_TTL.toSeconds() + "s")
            .withGatewayProperty("arl.gateway.reap-interval", "1s")
            // Records (kubectl get sb) are two to three apiserver writes per cycle, and the
            // apiserver is what bounds cycles/s here; StackJourneyIT and ClusterGatewayIT test
            // them.
            .withGatewayProperty("arl.kubernetes.sandbox-records", "false")
            .withOperatorProperty("arl.operator.reap-grace", REAP_PERIOD.toSeconds() + "s");
    try (DevStack stack = DevStack.start(RepoRoot.find(), options);
        GatewayClients gateways = new GatewayClients(stack.gatewayPorts());
        PodDeletions deletions = new PodDeletions(stack.apiClient(), stack.namespace())) {
      stack.apply(Path.of(ChaosIT.class.getResource("/chaos-pool.yaml").toURI()));
      for (int i = 0; i < GATEWAYS; i++) {
        awaitPoolFull(gateways, i);
      }
      ChaosRun run = new ChaosRun(gateways, CYCLES, AGENTS, RUN_LIMIT, POOL);
      run.start();
      Map<String, String> victimHeld = new HashMap<>();
      long killedAt;
      try {
        killedAt = injectFaults(stack, gateways, run, victimHeld);
        run.finish();
      } finally {
        run.stop();
      }
      Reap reap = reapOf(victimHeld, killedAt, deletions, run.holds());
      long leaks = awaitNoLeaks(stack, gateways);
      List<String> sidecarOverlaps = ledger.leases().overlaps();
      List<String> agentOverlaps = run.holds().overlaps();
      LOG.info(
          "Chaos finished cycles={} completed={} claims={} failed={} failures={} completed_by_gateway={}"
              + " sidecar_binds={} sidecar_calls={} leases_seen={} double_serves_sidecars={}"
              + " double_serves_agents={} victim_pods={} reaped={} reclaimed={} worst_recovery_ms={}"
              + " bound_ms={} leaks={}",
          run.started(),
          run.tally().completed(),
          run.tally().claims(),
          run.tally().failed(),
          run.tally().failures(),
          run.completedByGateway(),
          ledger.binds(),
          ledger.calls(),
          ledger.leases().holders(),
          sidecarOverlaps.size(),
          agentOverlaps.size(),
          victimHeld.size(),
          reap.reaped(),
          reap.reclaimed(),
          reap.worst().toMillis(),
          REAP_BOUND.toMillis(),
          leaks);

      assertThat(run.started()).as("cycles run").isGreaterThanOrEqualTo(CYCLES);
      assertThat(sidecarOverlaps).as("pods serving two leases at once (sidecars)").isEmpty();
      assertThat(agentOverlaps).as("pods held by two agents at once").isEmpty();
      assertThat(reap.late()).as("victim's pods not recovered within " + REAP_BOUND).isEmpty();
      assertThat(leaks).as("leaked leases and allocated pods").isZero();
      assertThat(run.tally().failures().keySet())
          .as("only the statuses a crash or an outage explains")
          .allMatch(ChaosIT::explained);
      for (int i = 0; i < GATEWAYS; i++) {
        assertThat(run.tally().completed(i))
            .as("cycles completed through gateway " + i)
            .isPositive();
      }
      assertThat(run.tally().completed()).isGreaterThan(CYCLES * 9L / 10);
    }
  }

  /**
   * SIGKILLs and restarts the victim gateway at a quarter of the cycles, restarts redis-server at
   * six tenths; returns when the gateway was killed (nanoTime) and fills what it held.
   */
  private static long injectFaults(
      DevStack stack, GatewayClients gateways, ChaosRun run, Map<String, String> victimHeld)
      throws Exception {
    run.awaitProgress(CYCLES / 4);
    victimHeld.putAll(run.heldThrough(VICTIM));
    long killedAt = System.nanoTime();
    stack.killGateway(VICTIM);
    victimHeld.putAll(annotatedHolder(stack, "gw" + VICTIM));
    LOG.info("Killed gateway gateway={} held_pods={}", VICTIM, victimHeld.size());
    await().pollDelay(Duration.ofSeconds(3)).until(() -> true);
    stack.startGateway(VICTIM);
    stack.awaitGateway(VICTIM);
    gateways.resetBackoff();
    LOG.info(
        "Restarted gateway gateway={} down_ms={}",
        VICTIM,
        Duration.ofNanos(System.nanoTime() - killedAt).toMillis());

    // Redis restarts only once the killed gateway's pods are judged, so both faults stay apart.
    await()
        .pollDelay(REAP_BOUND.plusSeconds(1))
        .atMost(REAP_BOUND.plusSeconds(2))
        .until(() -> true);
    run.awaitProgress(CYCLES * 6 / 10);
    stack.redis().restart();
    LOG.info("Restarted redis-server port={}", stack.redis().port());

    return killedAt;
  }

  /** Failures the faults explain: the gateway gone, Redis gone, pool empty meanwhile, fenced. */
  private static boolean explained(String failure) {
    String status = failure.substring(failure.indexOf(' ') + 1);
    return List.of("UNAVAILABLE", "RESOURCE_EXHAUSTED", "NOT_FOUND", "ABORTED", "CANCELLED")
        .contains(status);
  }

  /** Pods annotated as held by {@code instance}, with their fencing tokens. */
  private static Map<String, String> annotatedHolder(DevStack stack, String instance)
      throws Exception {
    Map<String, String> held = new HashMap<>();
    for (V1Pod pod :
        ArlResources.pods(stack.apiClient())
            .list(stack.namespace())
            .throwsApiException()
            .getObject()
            .getItems()) {
      Map<String, String> annotations = pod.getMetadata().getAnnotations();
      if (annotations != null
          && (Labels.HOLDER_GATEWAY_PREFIX + instance)
              .equals(annotations.get(Labels.CLAIM_HOLDER))) {
        held.put(pod.getMetadata().getName(), annotations.get(Labels.CLAIM_FENCING_TOKEN));
      }
    }
    return held;
  }

  private static Reap reapOf(
      Map<String, String> held, long killedAt, PodDeletions deletions, Spans holds) {
    int reaped = 0;
    int reclaimed = 0;
    Duration worst = Duration.ZERO;
    List<String> late = new ArrayList<>();
    for (Map.Entry<String, String> pod : held.entrySet()) {
      Long deleted = deletions.deletedAt(pod.getKey());
      Long claimedAgain = holds.firstStartAfter(pod.getKey(), killedAt, pod.getValue());
      Long recovered =
          deleted == null
              ? claimedAgain
              : claimedAgain == null ? deleted : Math.min(deleted, claimedAgain);
      if (recovered == null) {
        late.add(pod.getKey() + " (never)");
        continue;
      }
      Duration took = Duration.ofNanos(recovered - killedAt);
      worst = took.compareTo(worst) > 0 ? took : worst;
      if (took.compareTo(REAP_BOUND) > 0) {
        late.add(pod.getKey() + " (" + took.toMillis() + " ms)");
      } else if (deleted != null && recovered.equals(deleted)) {
        reaped++;
      } else {
        reclaimed++;
      }
    }
    return new Reap(reaped, reclaimed, worst, late);
  }

  /** Waits for the stack to settle; returns what is still leaked once the bound passed. */
  private static long awaitNoLeaks(DevStack stack, GatewayClients gateways) {
    Duration settle = REAP_BOUND.plusSeconds(30);
    try {
      await("no lease, no allocated pod, pool full")
          .atMost(settle)
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptions()
          .until(() -> leases(stack) == 0 && allocatedPods(stack) == 0 && poolFull(gateways));
      return 0;
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      try {
        long leases = leases(stack);
        long allocated = allocatedPods(stack);
        LOG.warn(
            "Leaked leases={} allocated_pods={} pool_full={}",
            leases,
            allocated,
            poolFull(gateways));
        return leases + allocated;
      } catch (Exception again) {
        throw new IllegalStateException("Could not count leaks", again);
      }
    }
  }

  private static long leases(DevStack stack) throws Exception {
    return Long.parseLong(
        stack.redis().command("EVAL", "return #redis.call('KEYS', ARGV[1])", "0", "arl:lease:*"));
  }

  private static long allocatedPods(DevStack stack) throws Exception {
    return ArlResources.pods(stack.apiClient())
        .list(stack.namespace())
        .throwsApiException()
        .getObject()
        .getItems()
        .stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(
            p ->
                Labels.POD_STATE_ALLOCATED.equals(
                    p.getMetadata().getLabels().get(Labels.POD_STATE)))
        .count();
  }

  private static boolean poolFull(GatewayClients gateways) {
    for (int i = 0; i < gateways.size(); i++) {
      if (gateways.pool(i, POOL).map(Pool::getReady).orElse(0) < REPLICAS) {
        return false;
      }
    }
    return true;
  }

  private static void awaitPoolFull(GatewayClients gateways, int gateway) {
    await("gateway " + gateway + " sees " + POOL + " full")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(() -> gateways.pool(gateway, POOL).map(Pool::getReady).orElse(0) >= REPLICAS);
  }

  /**
   * How the killed gateway's pods came back.
   *
   * @param late pods not back within the bound
   */
  private record Reap(int reaped, int reclaimed, Duration worst, List<String> late) {}
}

package io.infra.arl.loadtest.scenario;

import io.infra.arl.loadtest.kube.KubeClaimer;
import io.infra.arl.loadtest.kube.KubePodPool;
import io.infra.arl.loadtest.openloop.ArrivalSchedule;
import io.infra.arl.loadtest.openloop.OpenLoop;
import io.infra.arl.loadtest.openloop.RunResult;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Pod;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The claim baseline the usual Kubernetes way ({@link KubeClaimer}) against the run's real
 * kube-apiserver + etcd, at the same rates as the gateway. Each claim runs on its own virtual
 * thread and gives the pod back (label CAS to ready) once its latency is taken, as the gateway
 * phases release after theirs. Every rate gets a fresh pool in a fresh namespace and its own
 * threads, which are interrupted once the phase has drained, so an overloaded rate can neither run
 * on for minutes nor leak its backlog (or its still-allocated pods) into the next one.
 */
final class KubeBaseline {
  private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);
  // Each claim in flight holds a parsed list of the whole pool: more would only exhaust the heap.
  private static final int MAX_IN_FLIGHT = 500;

  /** Per rate: the run, the claimer's list calls and CAS conflicts, and failed releases. */
  record Phase(RunResult run, long lists, long conflicts, Map<String, Long> releaseErrors) {
    long failedReleases() {
      return releaseErrors.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private KubeBaseline() {}

  /** Against the apiserver the suite started for the baseline (local mode). */
  static Map<Integer, Phase> run(SuiteContext context, List<Integer> rates)
      throws ApiException, InterruptedException {
    ApiClient client = context.kube().newApiClient();
    client.setConnectTimeout((int) CALL_TIMEOUT.toMillis());
    client.setReadTimeout((int) CALL_TIMEOUT.toMillis());
    client.setWriteTimeout((int) CALL_TIMEOUT.toMillis());
    return run(context.plan(), client, context::command, rates);
  }

  /**
   * Against the apiserver of {@code client} (in Kubernetes mode: the one the gateways and the
   * operator use), recording its command line with {@code command}.
   */
  static Map<Integer, Phase> run(
      Plan plan, ApiClient client, Consumer<String> command, List<Integer> rates)
      throws ApiException, InterruptedException {
    command.accept(
        "# Kubernetes way: a pool of "
            + plan.kubePool()
            + " pods per rate; claim = GET pods?labelSelector=arl.infra.io/warmpool=bench,"
            + "arl.infra.io/pod-state=ready, then PUT one with pod-state=allocated and its"
            + " resourceVersion (409 -> next pod)");
    // Untimed, as for the gateway: the client's JIT and the apiserver's caches warm up first.
    phase(plan, client, ClaimLatencyScenario.PREWARM_RATE, plan.warmup().multipliedBy(3));
    Map<Integer, Phase> phases = new LinkedHashMap<>();
    for (int rate : rates) {
      phases.put(rate, phase(plan, client, rate, plan.measure()));
    }
    return phases;
  }

  private static Phase phase(Plan plan, ApiClient client, int rate, Duration measure)
      throws ApiException, InterruptedException {
    String namespace =
        "bench-" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
    KubePodPool.create(client, namespace, "bench", plan.kubePool());
    KubeClaimer claimer = new KubeClaimer(client, namespace, "bench");
    Releases releases = new Releases();
    OpenLoop loop = new OpenLoop(CLAIM_TIMEOUT, Math.min(MAX_IN_FLIGHT, OpenLoop.backlogCap(rate)));
    ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    RunResult run;
    try {
      run =
          loop.run(
              new ArrivalSchedule(rate, plan.warmup()),
              new ArrivalSchedule(rate, measure),
              i -> claimAndGiveBack(claimer, threads, releases));
    } finally {
      threads.shutdown();
      if (!threads.awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        releases.stopping = true; // what the interrupt below breaks is not a release failure
        threads.shutdownNow();
        threads.awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
    return new Phase(run, claimer.lists(), claimer.conflicts(), releases.failures());
  }

  /** Failed releases by kind, except those interrupted on purpose at the end of a phase. */
  private static final class Releases {
    private final ConcurrentHashMap<String, LongAdder> failed = new ConcurrentHashMap<>();
    volatile boolean stopping;

    void failed(Exception e) {
      if (!stopping) {
        failed.computeIfAbsent(OpenLoop.describe(e), k -> new LongAdder()).increment();
      }
    }

    Map<String, Long> failures() {
      Map<String, Long> copy = new TreeMap<>();
      failed.forEach((kind, n) -> copy.put(kind, n.sum()));
      return copy;
    }
  }

  private static CompletableFuture<Void> claimAndGiveBack(
      KubeClaimer claimer, ExecutorService threads, Releases releases) {
    CompletableFuture<Void> claimed = new CompletableFuture<>();
    threads.execute(
        () -> {
          V1Pod pod;
          try {
            pod = claimer.claim(CLAIM_TIMEOUT);
          } catch (ApiException | RuntimeException e) {
            claimed.completeExceptionally(e);
            return;
          }
          claimed.complete(null);
          try {
            claimer.release(pod);
          } catch (ApiException | RuntimeException e) {
            releases.failed(e);
          }
        });
    return claimed;
  }
}

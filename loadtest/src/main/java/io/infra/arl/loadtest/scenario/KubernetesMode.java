package io.infra.arl.loadtest.scenario;

import io.grpc.ManagedChannel;
import io.infra.arl.api.gateway.v1.ClaimSpec;
import io.infra.arl.loadtest.client.Channels;
import io.infra.arl.loadtest.client.GatewayCalls;
import io.infra.arl.loadtest.openloop.ArrivalSchedule;
import io.infra.arl.loadtest.openloop.OpenLoop;
import io.infra.arl.loadtest.openloop.Percentiles;
import io.infra.arl.loadtest.openloop.RunResult;
import io.infra.arl.loadtest.report.ScenarioResult;
import io.infra.arl.loadtest.report.Section;
import io.infra.arl.loadtest.report.StealWatch;
import io.infra.arl.loadtest.report.Table;
import io.infra.arl.loadtest.stack.KubernetesStack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.HdrHistogram.Recorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway in Kubernetes mode ({@link KubernetesStack}): claim latency next to the Kubernetes
 * way against the same apiserver, claim+release capacity of one and two gateways, and the
 * operator's refill. One stack serves all three; scenarios are chosen by the same {@code --only}
 * names as in local mode ({@code claim}, {@code capacity}, {@code refill}).
 */
public final class KubernetesMode {
  private static final Logger LOG = LoggerFactory.getLogger(KubernetesMode.class);

  /** The scenarios this mode has, by {@code --only} name. */
  public static final List<String> SCENARIOS = List.of("claim", "capacity", "refill");

  static final String CLAIM_TITLE = "Kubernetes mode: claim latency vs the Kubernetes way";
  static final String CAPACITY_TITLE = "Kubernetes mode: claim+release capacity";

  /** Claims/s of the pass that warms a fresh stack before the claim phases. */
  static final int POOL_WARM_RATE = 100;

  /** Ready pods of the Delete pool: the refill is one claim at a time. */
  static final int REFILL_REPLICAS = 3;

  private final Plan plan;
  private final KubernetesStack stack;
  private final PodWatch watch;
  private final Path reportsDir;
  private final Consumer<String> commands;

  private KubernetesMode(
      Plan plan,
      KubernetesStack stack,
      PodWatch watch,
      Path reportsDir,
      Consumer<String> commands) {
    this.plan = plan;
    this.stack = stack;
    this.watch = watch;
    this.reportsDir = reportsDir;
    this.commands = commands;
  }

  /** Whether the mode has anything to run for {@code only} (empty = everything). */
  public static boolean selected(Set<String> only) {
    return only.isEmpty() || SCENARIOS.stream().anyMatch(only::contains);
  }

  /**
   * Starts the stack, runs the selected scenarios, stops the stack.
   *
   * @param plan sizes, rates and durations
   * @param only scenario names to run (empty = all)
   * @param repositoryRoot the checkout with the gateway's and the operator's jars built
   * @param jvmOptions JVM options of the gateways and the operator
   * @param workDir a private directory
   * @param reportsDir where JFR recordings of gateway 0 go
   * @param commands collects command lines for the report
   */
  public static List<ScenarioResult> run(
      Plan plan,
      Set<String> only,
      Path repositoryRoot,
      List<String> jvmOptions,
      Path workDir,
      Path reportsDir,
      Consumer<String> commands)
      throws Exception {
    // Capacity needs a second gateway JVM: a smoke run (fewest JVM starts) leaves it out.
    boolean capacity = (only.isEmpty() || only.contains("capacity")) && !plan.reuseGateways();
    List<String> jvm = new ArrayList<>(jvmOptions);
    jvm.addAll(plan.gatewayJvmExtra());
    try (KubernetesStack stack =
            KubernetesStack.start(
                repositoryRoot,
                capacity ? 2 : 1,
                jvm,
                plan.kubernetesPool(),
                REFILL_REPLICAS,
                workDir.resolve("kubernetes"));
        PodWatch watch = new PodWatch(stack)) {
      return new KubernetesMode(plan, stack, watch, reportsDir, commands).runSelected(only);
    }
  }

  private List<ScenarioResult> runSelected(Set<String> only) {
    List<ScenarioResult> results = new ArrayList<>();
    try (var one = new ChannelCloser(Channels.loopback(stack.gatewayPort(0)))) {
      GatewayCalls calls = new GatewayCalls(one.channel());
      if (only.isEmpty() || only.contains("claim")) {
        results.add(guarded("claim", () -> claim(calls)));
      }
      if (stack.gateways() > 1) {
        results.add(guarded("capacity", () -> capacity(calls)));
      }
      if (only.isEmpty() || only.contains("refill")) {
        results.add(guarded("refill", () -> OperatorRefillScenario.run(plan, stack, calls, watch)));
      }
    }
    return results;
  }

  /** One scenario of the mode; what it throws is reported as its failure, the others still run. */
  private interface Step {
    ScenarioResult run() throws Exception;
  }

  private static ScenarioResult guarded(String name, Step step) {
    long started = System.nanoTime();
    LOG.info("Started scenario name={} backend=kubernetes", name);
    StealWatch steal = StealWatch.start();
    try {
      ScenarioResult result = steal.noted(step.run());
      LOG.info(
          "Finished scenario name={} backend=kubernetes errors={} seconds={}",
          name,
          result.errors(),
          (System.nanoTime() - started) / 1_000_000_000);
      return result;
    } catch (Exception e) {
      LOG.error("Failed scenario name={} backend=kubernetes", name, e);
      return ScenarioFailure.of("Kubernetes mode: " + name, e);
    }
  }

  private ScenarioResult claim(GatewayCalls calls) throws Exception {
    String pool = KubernetesStack.CLAIM_POOL;
    Map<Integer, RunResult> ours = new LinkedHashMap<>();
    Map<Integer, Percentiles> serverSide = new LinkedHashMap<>();
    LongAdder releaseErrors = new LongAdder();
    ClaimSpec spec = GatewayCalls.spec(pool, 0, 10_000);
    // A fresh stack: each pod's sidecar JVM and the gateway's claim path are cold, and the
    // operator is still settling the pool. A long-lived Reset pool's pods are warm, so that is
    // what is measured: a few claims per pod first.
    new OpenLoop(Duration.ofSeconds(15), OpenLoop.backlogCap(POOL_WARM_RATE))
        .run(
            new ArrivalSchedule(POOL_WARM_RATE, poolWarmUp()),
            i -> ClaimOps.claimThenRelease(calls, spec, releaseErrors));
    JitWarmUp.Outcome warmUp =
        warmUp(stack.gatewayPid(0), calls, plan.jitWarmUpMax(), releaseErrors);
    new OpenLoop(Duration.ofSeconds(15), OpenLoop.backlogCap(ClaimLatencyScenario.PREWARM_RATE))
        .run(
            new ArrivalSchedule(ClaimLatencyScenario.PREWARM_RATE, plan.warmup().multipliedBy(3)),
            i -> ClaimOps.claimThenRelease(calls, spec, releaseErrors));
    PoolLog log = new PoolLog(calls, pool, stack.claimReplicas(), watch);
    Recording jfr = Recording.start(plan, reportsDir, stack.gatewayPid(0), "kubernetes-claim");
    for (int rate : plan.claimRates()) {
      log.before(rate + " claims/s (warm-up and measured)");
      OpenLoop loop = new OpenLoop(Duration.ofSeconds(15), OpenLoop.backlogCap(rate));
      Recorder discarded = new Recorder(3);
      loop.run(
          new ArrivalSchedule(rate, plan.warmup()),
          i -> timedClaim(calls, spec, discarded, releaseErrors));
      Recorder inGateway = new Recorder(3);
      ours.put(
          rate,
          loop.run(
              new ArrivalSchedule(rate, plan.measure()),
              i -> timedClaim(calls, spec, inGateway, releaseErrors)));
      serverSide.put(rate, Percentiles.of(inGateway.getIntervalHistogram()));
      log.after();
    }
    jfr.stop();
    var kube = KubeBaseline.run(plan, stack.newApiClient(), commands, plan.claimRates());
    var measured = new ClaimLatencyReport.Measured(ours, serverSide, kube, releaseErrors.sum());
    return withPool(ClaimLatencyReport.result(plan, claimWording(warmUp), measured, jfr), log);
  }

  private Duration poolWarmUp() {
    return plan.warmup().multipliedBy(5);
  }

  /**
   * Claims through {@code calls} until the gateway's and this JVM's JIT compilers settle; failed
   * releases are counted in {@code releaseErrors}.
   */
  private JitWarmUp.Outcome warmUp(
      long gatewayPid, GatewayCalls calls, Duration max, LongAdder releaseErrors) {
    ClaimSpec spec = GatewayCalls.spec(KubernetesStack.CLAIM_POOL, 0, 10_000);
    return JitWarmUp.run(
        List.of(gatewayPid, ProcessHandle.current().pid()),
        JitWarmUp.CLAIM_RATE,
        max,
        i -> ClaimOps.claimThenRelease(calls, spec, releaseErrors));
  }

  private ClaimLatencyReport.Wording claimWording(JitWarmUp.Outcome warmUp) {
    String pool = KubernetesStack.CLAIM_POOL;
    return new ClaimLatencyReport.Wording(
        CLAIM_TITLE,
        "Kubernetes mode: ",
        ("`Claim` through gateway 0 of the dev stack (`arl.backend=kubernetes`: pod informer,"
                + " leases in a real redis-server) from WarmPool `%s` of %d pods with"
                + " `releasePolicy: Reset` (a released pod is reset and labelled ready again,"
                + " so the pool is not churned: at %d claims/s the pool lasts %d ms if no pod"
                + " came back), each pod served by a real sidecar of the pod stand-in; the"
                + " stack is warmed first with %d claims at %d/s (each pod bound and reset a few"
                + " times, as in a long-lived pool; a fresh pod's first claim is slower), then"
                + " with %s at %d claims/s. A claim released within the gateway's"
                + " `reset-claim-write-delay` (1 s), as every claim here, is not written to the"
                + " apiserver (ADR 0029)")
            .formatted(
                pool,
                stack.claimReplicas(),
                max(plan.claimRates()),
                stack.claimReplicas() * 1000 / max(plan.claimRates()),
                POOL_WARM_RATE * poolWarmUp().toSeconds(),
                POOL_WARM_RATE,
                warmUp.describe(),
                JitWarmUp.CLAIM_RATE),
        "the same kube-apiserver + etcd the gateways and the operator use, in a pool of its own"
            + " namespace");
  }

  private static int max(List<Integer> rates) {
    return rates.stream().max(Integer::compare).orElse(1);
  }

  private static CompletableFuture<?> timedClaim(
      GatewayCalls calls, ClaimSpec spec, Recorder inGateway, LongAdder releaseErrors) {
    return ClaimOps.claimThenRelease(calls, spec, releaseErrors)
        .thenAccept(claim -> inGateway.recordValue(Math.max(0, claim.getClaimLatencyUs())));
  }

  private ScenarioResult capacity(GatewayCalls one) {
    String pool = KubernetesStack.CLAIM_POOL;
    int replicas = stack.claimReplicas();
    PoolLog log = new PoolLog(one, pool, replicas, watch);
    log.before("one gateway, all steps");
    Recording jfr = Recording.start(plan, reportsDir, stack.gatewayPid(0), "kubernetes-capacity");
    Map<Integer, RunResult> single =
        CapacityScenario.steps(plan, List.of(one), pool, () -> log.refill("a step"));
    jfr.stop();
    Map<Integer, RunResult> pair;
    JitWarmUp.Outcome secondWarmUp;
    ManagedChannel channel = Channels.loopback(stack.gatewayPort(1));
    try (var closer = new ChannelCloser(channel)) {
      GatewayCalls two = new GatewayCalls(channel);
      log.after();
      secondWarmUp =
          warmUp(stack.gatewayPid(1), two, plan.jitWarmUpMax().dividedBy(2), new LongAdder());
      log.before("two gateways, all steps");
      pair = CapacityScenario.steps(plan, List.of(one, two), pool, () -> log.refill("a step"));
      log.after();
    }
    var wording =
        new CapacityScenario.Wording(
            CAPACITY_TITLE,
            "Kubernetes mode: ",
            ("Gateways of the dev stack (`arl.backend=kubernetes`), leases in Redis, WarmPool `%s`"
                    + " of %d pods with `releasePolicy: Reset`: a release resets the sidecar and"
                    + " the pod is offered again at once; a cycle is shorter than the gateways'"
                    + " `reset-claim-write-delay` (1 s), so it is not written to the apiserver"
                    + " (ADR 0029), which with the operator still shares the machine. Between"
                    + " steps the pool gets up to 10 s to be full again. Gateway 1 joins warmed"
                    + " with %s at %d claims/s.")
                .formatted(pool, replicas, secondWarmUp.describe(), JitWarmUp.CLAIM_RATE));
    return withPool(CapacityScenario.result(plan, wording, single, pair, jfr), log);
  }

  // The pool's table and notes go under the scenario's own.
  private static ScenarioResult withPool(ScenarioResult result, PoolLog log) {
    Section s = result.section();
    List<Table> tables = new ArrayList<>(s.tables());
    tables.add(log.table());
    List<String> notes = new ArrayList<>(s.notes());
    notes.addAll(log.notes());
    return new ScenarioResult(
        new Section(s.title(), s.description(), tables, notes),
        result.targets(),
        result.errors(),
        result.errorDetails(),
        result.profiles());
  }
}

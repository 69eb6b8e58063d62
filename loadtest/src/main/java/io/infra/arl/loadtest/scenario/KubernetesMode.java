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

/**
 * The gateway in Kubernetes mode ({@link KubernetesStack}): claim latency next to the Kubernetes
 * way against the same apiserver, claim+release capacity of one and two gateways, and the
 * operator's refill. One stack serves all three; scenarios are chosen by the same {@code --only}
 * names as in local mode ({@code claim}, {@code capacity}, {@code refill}).
 */
public final class KubernetesMode {
  /** The scenarios this mode has, by {@code --only} name. */
  public static final List<String> SCENARIOS = List.of("claim", "capacity", "refill");

  static final String CLAIM_TITLE = "Kubernetes mode: claim latency vs the Kubernetes way";
  static final String CAPACITY_TITLE = "Kubernetes mode: claim+release capacity";

  private final Plan plan;
  private final KubernetesStack stack;
  private final Consumer<String> commands;

  private KubernetesMode(Plan plan, KubernetesStack stack, Consumer<String> commands) {
    this.plan = plan;
    this.stack = stack;
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
   * @param commands collects command lines for the report
   */
  public static List<ScenarioResult> run(
      Plan plan,
      Set<String> only,
      Path repositoryRoot,
      List<String> jvmOptions,
      Path workDir,
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
            plan.sharedPool(),
            REFILL_REPLICAS,
            workDir.resolve("kubernetes"))) {
      return new KubernetesMode(plan, stack, commands).runSelected(only);
    }
  }

  /** Ready pods of the Delete pool: the refill is one claim at a time. */
  static final int REFILL_REPLICAS = 3;

  private List<ScenarioResult> runSelected(Set<String> only) throws Exception {
    List<ScenarioResult> results = new ArrayList<>();
    try (var one = new ChannelCloser(Channels.loopback(stack.gatewayPort(0)))) {
      GatewayCalls calls = new GatewayCalls(one.channel());
      if (only.isEmpty() || only.contains("claim")) {
        results.add(claim(calls));
      }
      if (stack.gateways() > 1) {
        results.add(capacity(calls));
      }
      if (only.isEmpty() || only.contains("refill")) {
        results.add(OperatorRefillScenario.run(plan, stack, calls));
      }
    }
    return results;
  }

  private ScenarioResult claim(GatewayCalls calls) throws Exception {
    String pool = KubernetesStack.CLAIM_POOL;
    Map<Integer, RunResult> ours = new LinkedHashMap<>();
    Map<Integer, Percentiles> serverSide = new LinkedHashMap<>();
    LongAdder releaseErrors = new LongAdder();
    ClaimSpec spec = GatewayCalls.spec(pool, 0, 10_000);
    new OpenLoop(Duration.ofSeconds(15), OpenLoop.backlogCap(ClaimLatencyScenario.PREWARM_RATE))
        .run(
            new ArrivalSchedule(ClaimLatencyScenario.PREWARM_RATE, plan.warmup().multipliedBy(3)),
            i -> ClaimOps.claimThenRelease(calls, spec, releaseErrors));
    ClaimOps.awaitRefilled(calls, pool, stack.claimReplicas());
    for (int rate : plan.claimRates()) {
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
      ClaimOps.awaitRefilled(calls, pool, stack.claimReplicas());
    }
    var kube = KubeBaseline.run(plan, stack.newApiClient(), commands, plan.claimRates());
    var measured = new ClaimLatencyReport.Measured(ours, serverSide, kube, releaseErrors.sum());
    var wording =
        new ClaimLatencyReport.Wording(
            CLAIM_TITLE,
            "Kubernetes mode: ",
            ("`Claim` through gateway 0 of the dev stack (`arl.backend=kubernetes`: pod informer,"
                    + " leases in a real redis-server) from WarmPool `%s` of %d pods with"
                    + " `releasePolicy: Reset` (a released pod is reset and labelled ready again,"
                    + " so the pool is not churned: at %d claims/s the pool lasts %d ms if no pod"
                    + " came back), each pod served by a real sidecar of the pod stand-in")
                .formatted(
                    pool,
                    stack.claimReplicas(),
                    max(plan.claimRates()),
                    stack.claimReplicas() * 1000 / max(plan.claimRates())),
            "the same kube-apiserver + etcd the gateways and the operator use, in a pool of its own"
                + " namespace");
    return ClaimLatencyReport.result(plan, wording, measured, Recording.none("claim"));
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
    ClaimOps.awaitRefilled(one, pool, replicas);
    Map<Integer, RunResult> single = CapacityScenario.steps(plan, List.of(one), pool, replicas);
    Map<Integer, RunResult> pair;
    ManagedChannel channel = Channels.loopback(stack.gatewayPort(1));
    try (var closer = new ChannelCloser(channel)) {
      GatewayCalls two = new GatewayCalls(channel);
      ClaimOps.awaitRefilled(two, pool, replicas);
      pair = CapacityScenario.steps(plan, List.of(one, two), pool, replicas);
    }
    var wording =
        new CapacityScenario.Wording(
            CAPACITY_TITLE,
            "Kubernetes mode: ",
            ("Gateways of the dev stack (`arl.backend=kubernetes`), leases in Redis, WarmPool `%s`"
                    + " of %d pods with `releasePolicy: Reset`: a release resets the sidecar and"
                    + " labels the pod ready again through the apiserver (two pod writes per cycle,"
                    + " off the claim's path), the operator and the apiserver share the machine.")
                .formatted(pool, replicas));
    return CapacityScenario.result(plan, wording, single, pair, Recording.none("capacity"));
  }
}

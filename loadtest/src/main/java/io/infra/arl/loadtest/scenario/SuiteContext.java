package io.infra.arl.loadtest.scenario;

import io.grpc.ManagedChannel;
import io.infra.arl.api.gateway.v1.ClaimResponse;
import io.infra.arl.api.gateway.v1.SandboxRef;
import io.infra.arl.loadtest.client.Channels;
import io.infra.arl.loadtest.client.GatewayCalls;
import io.infra.arl.loadtest.client.SidecarCalls;
import io.infra.arl.loadtest.openloop.ArrivalSchedule;
import io.infra.arl.loadtest.stack.GatewayLauncher;
import io.infra.arl.loadtest.stack.GatewayProcess;
import io.infra.arl.loadtest.stack.GatewaySettings;
import io.infra.arl.loadtest.stack.JavaProcess;
import io.infra.arl.loadtest.stack.ModuleJar;
import io.infra.arl.loadtest.stack.SidecarProcess;
import io.infra.arl.testing.kube.KubeCluster;
import io.infra.arl.testing.redis.RedisServerProcess;
import io.infra.arl.testing.tools.ToolBinaries;
import io.infra.arl.testing.tools.ToolRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What the scenarios of one run share: the plan, directories, the gateway launcher, and the servers
 * started on first use and stopped at the end (redis-server, kube-apiserver + etcd, and the gateway
 * most scenarios measure). Also collects the exact tool commands for the report.
 */
public final class SuiteContext implements AutoCloseable {
  private static final int HELD_IDLE_SECONDS = 3600;

  /** Name of the second gateway of the capacity scenario. */
  static final String SECOND = "second";

  private final Plan plan;
  private final Path workDir;
  private final Path repositoryRoot;
  private final Path reportsDir;
  private final GatewayLauncher launcher;
  private final List<String> gatewayJvmOptions;
  private final Optional<Path> sidecarJar;
  private final ToolBinaries tools = ToolBinaries.fromEnvironment();
  private final List<String> commands = new ArrayList<>();
  private RedisServerProcess redis;
  private CompletableFuture<KubeCluster> kube;
  private CompletableFuture<GatewayProcess> shared;
  private CompletableFuture<GatewayProcess> second;
  private ManagedChannel sharedChannel;
  private OptionalDouble heapPerReadySandbox = OptionalDouble.empty();
  private SidecarProcess direct;
  private ManagedChannel directChannel;
  private SidecarCalls directCalls;
  private SandboxRef held;

  /**
   * @param plan sizes, rates and durations
   * @param workDir private directory for logs, workspaces and recordings
   * @param reportsDir where tool reports (JSON) and JFR recordings go
   * @param launcher how gateways are started (the backend under test)
   * @param gatewayJvmOptions JVM options of every gateway (and of the direct sidecar)
   * @param repositoryRoot the checkout, where the sidecar's own jar may have been built
   */
  public SuiteContext(
      Plan plan,
      Path workDir,
      Path reportsDir,
      GatewayLauncher launcher,
      List<String> gatewayJvmOptions,
      Path repositoryRoot) {
    this.plan = plan;
    this.workDir = workDir;
    this.repositoryRoot = repositoryRoot;
    this.reportsDir = reportsDir;
    this.launcher = launcher;
    List<String> jvm = new ArrayList<>(gatewayJvmOptions);
    jvm.addAll(plan.gatewayJvmExtra());
    this.gatewayJvmOptions = List.copyOf(jvm);
    this.sidecarJar = ModuleJar.sidecar(repositoryRoot, workDir.resolve("jars"));
  }

  Plan plan() {
    return plan;
  }

  Path workDir() {
    return workDir;
  }

  /** The checkout: built jars and the deployment files (e.g. the sidecar image's JVM options). */
  Path repositoryRoot() {
    return repositoryRoot;
  }

  Path reportsDir() {
    return reportsDir;
  }

  GatewayLauncher launcher() {
    return launcher;
  }

  List<String> gatewayJvmOptions() {
    return gatewayJvmOptions;
  }

  /** The sidecar's own jar when it is built and fresh; else sidecars run on this class path. */
  Optional<Path> sidecarJar() {
    return sidecarJar;
  }

  ToolRunner toolRunner() {
    return new ToolRunner(tools);
  }

  /** The pinned tool binaries, for the report's versions and commands. */
  public ToolBinaries tools() {
    return tools;
  }

  /** Records a command line the report lists under "How to reproduce". */
  synchronized void command(String line) {
    commands.add(line);
  }

  /** The tool commands the run executed, in order. */
  public synchronized List<String> commands() {
    return List.copyOf(commands);
  }

  /** The redis-server of the run, started on first use. */
  synchronized RedisServerProcess redis() {
    if (redis == null) {
      redis = new RedisServerProcess();
      redis.start();
    }
    return redis;
  }

  /**
   * Starts, in the background, what the selected scenarios will need, so the seconds a JVM or an
   * apiserver takes to start overlap with the first scenario instead of adding to the run.
   */
  public synchronized void prestart(boolean needsKube, boolean needsSharedGateway) {
    if (needsKube && kube == null) {
      kube = CompletableFuture.supplyAsync(() -> KubeCluster.start(tools), background());
    }
    if (needsSharedGateway && shared == null) {
      redis();
      shared = CompletableFuture.supplyAsync(this::startShared, background());
      if (plan.reuseGateways()) {
        second =
            CompletableFuture.supplyAsync(
                () -> startGateway(SECOND, plan.sharedPool()), background());
      }
    }
  }

  /**
   * A gateway of its own for a scenario ({@code name}, {@code replicas} ready), started now; in a
   * smoke run ({@link Plan#reuseGateways()}) the shared gateway when the size matches, or the
   * second gateway prestarted with it, so a smoke run starts as few JVMs as possible.
   */
  GatewayUse gateway(String name, int replicas) {
    synchronized (this) {
      if (plan.reuseGateways() && name.equals(SECOND) && second != null) {
        CompletableFuture<GatewayProcess> prestarted = second;
        second = null;
        return new GatewayUse(prestarted.join(), true);
      }
    }
    if (plan.reuseGateways() && replicas == plan.sharedPool() && !name.equals(SECOND)) {
      return new GatewayUse(sharedGateway(), false);
    }
    return new GatewayUse(startGateway(name, replicas), true);
  }

  private GatewayProcess startGateway(String name, int replicas) {
    return launcher.start(gatewaySettings(name, replicas), workDir);
  }

  /** The kube-apiserver + etcd of the run, started on first use. */
  KubeCluster kube() {
    CompletableFuture<KubeCluster> started;
    synchronized (this) {
      if (kube == null) {
        kube = CompletableFuture.completedFuture(KubeCluster.start(tools));
      }
      started = kube;
    }
    return started.join();
  }

  /** Settings of a gateway with Redis leases and {@code replicas} ready sandboxes. */
  GatewaySettings gatewaySettings(String name, int replicas) {
    return new GatewaySettings(name, replicas, redis().uri(), gatewayJvmOptions, null, Map.of());
  }

  /** The gateway most scenarios measure (Redis leases, {@link Plan#sharedPool()} ready). */
  GatewayProcess sharedGateway() {
    CompletableFuture<GatewayProcess> started;
    synchronized (this) {
      if (shared == null) {
        shared = CompletableFuture.completedFuture(startShared());
      }
      started = shared;
    }
    return started.join();
  }

  /** Calls to the shared gateway over one shared channel. */
  GatewayCalls sharedCalls() {
    GatewayProcess gateway = sharedGateway();
    synchronized (this) {
      if (sharedChannel == null) {
        sharedChannel = Channels.loopback(gateway.port());
      }
      return new GatewayCalls(sharedChannel);
    }
  }

  private GatewayProcess startShared() {
    GatewaySettings settings = gatewaySettings("shared", plan.sharedPool());
    // Local mode resets and reuses released sandboxes; refill is measured on a pool that deletes
    // them, so that every claim makes the gateway create a sandbox (ignored in Kubernetes mode).
    Map<String, String> refillPool =
        Map.of(
            "arl.pools." + RefillScenario.POOL + ".replicas",
            Integer.toString(RefillScenario.REPLICAS),
            "arl.pools." + RefillScenario.POOL + ".release-policy",
            "Delete");
    return launcher.start(settings.withProperties(refillPool), workDir);
  }

  private static Executor background() {
    return runnable -> Thread.ofPlatform().name("prestart").daemon().start(runnable);
  }

  /**
   * A standalone sidecar (own JVM, same JVM options as the gateways, and the native access their
   * jar grants, so both paths free Netty's memory alike: ADR 0030) bound to a lease, for the
   * direct-to-sidecar baselines; started on first use.
   */
  synchronized SidecarCalls directSidecar() {
    if (direct == null) {
      List<String> jvm = new ArrayList<>(gatewayJvmOptions);
      jvm.add(JavaProcess.NATIVE_ACCESS);
      direct = SidecarProcess.start("direct", jvm, workDir, sidecarJar.orElse(null));
      directChannel = Channels.loopback(direct.port());
      directCalls = SidecarCalls.bind(directChannel, "bench-direct#1", 1);
    }
    return directCalls;
  }

  /** A sandbox of the shared gateway held for the whole run (exec and file scenarios). */
  synchronized SandboxRef heldSandbox() {
    if (held == null) {
      ClaimResponse claim =
          sharedCalls()
              .claim(GatewayCalls.spec("default", HELD_IDLE_SECONDS, 30_000))
              .orTimeout(60, TimeUnit.SECONDS)
              .join();
      held = GatewayCalls.ref(claim);
    }
    return held;
  }

  /** Heap bytes of one ready local sandbox, once the pool-size scenario measured it. */
  synchronized OptionalDouble heapPerReadySandbox() {
    return heapPerReadySandbox;
  }

  synchronized void heapPerReadySandbox(double bytes) {
    heapPerReadySandbox = OptionalDouble.of(bytes);
  }

  /** A schedule of {@code rate} per second for the plan's warm-up. */
  ArrivalSchedule warmup(double rate) {
    return new ArrivalSchedule(rate, plan.warmup());
  }

  /** A schedule of {@code rate} per second for the plan's measured phase. */
  ArrivalSchedule measured(double rate) {
    return new ArrivalSchedule(rate, plan.measure());
  }

  // A server still starting in the background is waited for, so it is never left running.
  private static <T> void closeWhenStarted(CompletableFuture<T> server, Consumer<T> close) {
    if (server == null) {
      return;
    }
    T started;
    try {
      started = server.join();
    } catch (CompletionException e) {
      return; // it failed to start: nothing to stop; the scenario that needed it reported it
    }
    close.accept(started);
  }

  /** Stops whatever was started, newest first. */
  @Override
  public synchronized void close() {
    if (directChannel != null) {
      directChannel.shutdownNow();
    }
    if (direct != null) {
      direct.close();
    }
    if (sharedChannel != null) {
      sharedChannel.shutdownNow();
    }
    closeWhenStarted(second, GatewayProcess::close);
    closeWhenStarted(shared, GatewayProcess::close);
    closeWhenStarted(kube, KubeCluster::close);
    if (redis != null) {
      redis.close();
    }
  }
}

package io.infra.arl.operator.it;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.infra.arl.kube.Labels;
import io.infra.arl.kube.SandboxIds;
import io.infra.arl.kube.crd.ArlResources;
import io.infra.arl.kube.crd.Sandbox;
import io.infra.arl.kube.crd.SandboxSpec;
import io.infra.arl.lease.LeaseStore;
import io.infra.arl.lease.redis.RedisLeaseStore;
import io.infra.arl.operator.config.OperatorConfig;
import io.infra.arl.testing.kube.KubeApiServerExtension;
import io.infra.arl.testing.pods.PodStandIn;
import io.infra.arl.testing.redis.RedisServerExtension;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.util.PatchUtils;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A gateway that crashed stops renewing its leases: with the lease store shared in Redis, the
 * operator deletes the allocated pods whose lease expired (and the pool refills), and leaves alone
 * those whose holder keeps renewing or keeps releasing and claiming again.
 */
class ReaperIT {

  @RegisterExtension
  static final KubeApiServerExtension KUBE = new KubeApiServerExtension().withProjectCrds();

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  // Long enough that a loaded CI machine delaying the test's own claim cycles does not reap.
  private static final Duration GRACE = Duration.ofSeconds(3);

  private String namespace;
  private LeaseStore gateway;
  private LeaseStore operatorLeases;
  private PodStandIn standIn;
  private OperatorHarness operator;
  private TestBedPools pools;

  @BeforeEach
  void setUp() throws ApiException {
    namespace = KUBE.createNamespace("reaper");
    String prefix = "arl-" + UUID.randomUUID() + ":";
    gateway = RedisLeaseStore.open(REDIS.uri(), prefix, Duration.ofSeconds(1), Clock.systemUTC());
    operatorLeases =
        RedisLeaseStore.open(REDIS.uri(), prefix, Duration.ofSeconds(1), Clock.systemUTC());
    standIn = PodStandIn.start(KUBE.apiClient(), namespace);
    OperatorConfig config =
        OperatorConfig.defaults()
            .withNamespace(namespace)
            .withLeaderElection(false)
            .withLeases(Duration.ofSeconds(30), GRACE);
    operator = new OperatorHarness(KUBE, config, operatorLeases, Clock.systemUTC());
    operator.start();
    pools = new TestBedPools(KUBE.apiClient(), namespace);
    pools.create("gw-pool", 3);
  }

  @AfterEach
  void tearDown() {
    operator.close();
    standIn.close();
    gateway.close();
    operatorLeases.close();
  }

  @Test
  void reapsPodsOfACrashedGatewayAndKeepsLiveClaims() throws Exception {
    List<V1Pod> ready = pools.awaitReady("gw-pool", 3);
    V1Pod crashed = ready.get(0);
    V1Pod alive = ready.get(1);
    claimLikeAGateway(crashed, Duration.ofMillis(1500));
    claimLikeAGateway(alive, Duration.ofMillis(1500));
    ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor();
    String aliveId = SandboxIds.of(namespace, alive.getMetadata().getName());
    renewals.scheduleAtFixedRate(
        () ->
            gateway.renew(
                aliveId, "owner-" + alive.getMetadata().getName(), Duration.ofMillis(1500)),
        300,
        300,
        TimeUnit.MILLISECONDS);
    try {
      await()
          .atMost(TestBed.TIMEOUT)
          .until(() -> pools.exists(crashed.getMetadata().getName()) == false);
      await()
          .during(Duration.ofSeconds(3))
          .atMost(TestBed.TIMEOUT)
          .until(() -> pools.exists(alive.getMetadata().getName()));
      pools.awaitReady("gw-pool", 3);
    } finally {
      renewals.shutdownNow();
    }
  }

  /**
   * A Reset pod keeps its allocated label while its gateway releases and claims it again; between
   * two claims it has no lease, and when the reaper looks then, after the expiry it last saw, the
   * release record tells it the holder gave the pod back on purpose. Once the gateway stops (the
   * pod released, its label never returned), the pod goes one grace after that last release.
   */
  @Test
  void keepsAPodItsGatewayReleasesAndClaimsAgainAndReapsItOnceLeftAllocated() throws Exception {
    V1Pod reused = pools.awaitReady("gw-pool", 3).getFirst();
    String name = reused.getMetadata().getName();
    String id = SandboxIds.of(namespace, name);
    Duration ttl = Duration.ofMillis(1500);
    String firstOwner = "owner-" + name;
    claimLikeAGateway(reused, ttl);
    annotateToken(reused, Long.toString(gateway.get(id).orElseThrow().fencingToken()));
    gateway.release(id, firstOwner);
    ScheduledExecutorService cycles = Executors.newSingleThreadScheduledExecutor();
    AtomicReference<Throwable> cycleFailure = new AtomicReference<>();
    // Mostly released: free for 250 ms, then held for 50 ms, again and again.
    AtomicReference<String> holder = new AtomicReference<>();
    cycles.scheduleAtFixedRate(
        () -> cycle(() -> holder.set(claim(id, ttl)), cycleFailure), 250, 300, MILLISECONDS);
    cycles.scheduleAtFixedRate(
        () -> cycle(() -> gateway.release(id, holder.get()), cycleFailure), 300, 300, MILLISECONDS);
    try {
      await()
          .during(ttl.plus(GRACE).multipliedBy(2))
          .atMost(TestBed.TIMEOUT)
          .until(() -> pools.exists(name));
    } finally {
      cycles.shutdown();
      assertThat(cycles.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(cycleFailure.get()).as("the claim cycles ran").isNull();

    await().atMost(TestBed.TIMEOUT).until(() -> !pools.exists(name));
    assertThat(reaped("ReleasedNotReturned")).isOne();
    assertThat(reaped("LeaseExpired") + reaped("LeaseGone")).isZero();
  }

  private double reaped(String reason) {
    var counter =
        operator.registry().find("arl.operator.reaped.pods").tag("reason", reason).counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void reapsAnAllocatedPodThatNeverHadALease() throws Exception {
    V1Pod orphan = pools.awaitReady("gw-pool", 3).getFirst();

    label(orphan, Labels.HOLDER_GATEWAY_PREFIX + "gone");

    await().atMost(TestBed.TIMEOUT).until(() -> !pools.exists(orphan.getMetadata().getName()));
    assertThat(pools.awaitReady("gw-pool", 3)).hasSize(3);
  }

  @Test
  void deletesAGatewaysClaimRecordOnceItsClaimEndedButNeverClaimsForIt() throws Exception {
    V1Pod held = pools.awaitReady("gw-pool", 3).getFirst();
    claimLikeAGateway(held, Duration.ofSeconds(30));
    annotateToken(held, "7");
    var records = ArlResources.sandboxes(KUBE.apiClient());
    records.create(record("live", held.getMetadata().getName(), "7")).throwsApiException();
    records.create(record("ended", held.getMetadata().getName(), "6")).throwsApiException();
    records.create(record("gone", "no-such-pod", "7")).throwsApiException();

    await()
        .atMost(TestBed.TIMEOUT)
        .until(
            () ->
                records.get(namespace, "ended").getHttpStatusCode() == 404
                    && records.get(namespace, "gone").getHttpStatusCode() == 404);
    Sandbox live = records.get(namespace, "live").throwsApiException().getObject();
    assertThat(live.status()).as("the operator never claims for a record").isNull();
    assertThat(live.getMetadata().getFinalizers()).isNullOrEmpty();
  }

  private String claim(String id, Duration ttl) {
    String owner = "owner-" + UUID.randomUUID();
    gateway.acquireFirst(List.of(id), owner, ttl).orElseThrow();
    return owner;
  }

  private static void cycle(Runnable step, AtomicReference<Throwable> failure) {
    try {
      step.run();
    } catch (RuntimeException e) {
      failure.compareAndSet(null, e);
    }
  }

  private Sandbox record(String name, String pod, String token) {
    return Sandbox.of(
        new V1ObjectMeta()
            .name(name)
            .namespace(namespace)
            .putLabelsItem(Labels.CLAIMED_BY, Labels.CLAIMED_BY_GATEWAY)
            .putLabelsItem(Labels.CLAIMED_POD, pod)
            .putAnnotationsItem(Labels.CLAIM_FENCING_TOKEN, token),
        SandboxSpec.of("gw-pool"));
  }

  private void annotateToken(V1Pod pod, String token) throws ApiException {
    mergePatch(
        pod,
        "{\"metadata\":{\"annotations\":{\"%s\":\"%s\"}}}"
            .formatted(Labels.CLAIM_FENCING_TOKEN, token));
  }

  private void claimLikeAGateway(V1Pod pod, Duration ttl) throws ApiException {
    String id = SandboxIds.of(namespace, pod.getMetadata().getName());
    assertThat(gateway.acquireFirst(List.of(id), "owner-" + pod.getMetadata().getName(), ttl))
        .isPresent();
    label(pod, Labels.HOLDER_GATEWAY_PREFIX + "test");
  }

  private void label(V1Pod pod, String holder) throws ApiException {
    mergePatch(
        pod,
        "{\"metadata\":{\"labels\":{\"%s\":\"%s\"},\"annotations\":{\"%s\":\"%s\"}}}"
            .formatted(Labels.POD_STATE, Labels.POD_STATE_ALLOCATED, Labels.CLAIM_HOLDER, holder));
  }

  private void mergePatch(V1Pod pod, String patch) throws ApiException {
    PatchUtils.patch(
        V1Pod.class,
        () ->
            new io.kubernetes.client.openapi.apis.CoreV1Api(KUBE.apiClient())
                .patchNamespacedPod(pod.getMetadata().getName(), namespace, new V1Patch(patch))
                .buildCall(null),
        V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
        KUBE.apiClient());
  }
}

package io.infra.arl.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.infra.arl.kube.Labels;
import io.infra.arl.kube.crd.ArlResources;
import io.infra.arl.kube.crd.WarmPool;
import io.infra.arl.kube.crd.WarmPoolList;
import io.infra.arl.kube.crd.WarmPoolPhase;
import io.infra.arl.kube.crd.WarmPoolSpec;
import io.infra.arl.kube.crd.WarmPoolStatus;
import io.infra.arl.operator.condition.Conditions;
import io.infra.arl.testing.kube.KubeApiServerExtension;
import io.infra.arl.testing.pods.PodStandIn;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Scale;
import io.kubernetes.client.util.PatchUtils;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The WarmPool controller against a real apiserver, with a stand-in kubelet running a real sidecar
 * per pod: refill after claims, no over-creation under an event storm and a restart, scaling
 * through the scale subresource, replacement of failed and stuck pods.
 */
class WarmPoolIT {

  @RegisterExtension
  static final KubeApiServerExtension KUBE = new KubeApiServerExtension().withProjectCrds();

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private String namespace;
  private ApiClient client;
  private CoreV1Api core;
  private GenericKubernetesApi<WarmPool, WarmPoolList> pools;
  private PodStandIn standIn;
  private OperatorHarness operator;

  @BeforeEach
  void setUp() {
    namespace = KUBE.createNamespace("warmpool");
    client = KUBE.apiClient();
    core = new CoreV1Api(client);
    pools = ArlResources.warmPools(client);
    standIn = PodStandIn.start(client, namespace);
    operator = new OperatorHarness(KUBE, namespace);
    operator.start();
  }

  @AfterEach
  void tearDown() {
    operator.close();
    standIn.close();
  }

  @Test
  void fillsThePoolAndRefillsAfterClaims() throws ApiException {
    createPool("python-pool", 3, null);
    WarmPoolStatus full =
        awaitStatus("python-pool", s -> s.ready() == 3 && s.phase() == WarmPoolPhase.READY);
    assertThat(full.total()).isEqualTo(3);
    assertThat(full.observedGeneration()).isEqualTo(1L);

    List<V1Pod> ready = pods("python-pool");
    claim(ready.get(0));
    claim(ready.get(1));

    WarmPoolStatus refilled =
        awaitStatus(
            "python-pool",
            s -> s.ready() == 3 && s.allocated() == 2 && s.phase() == WarmPoolPhase.READY);
    assertThat(refilled.total()).isEqualTo(5);
    assertThat(operator.operator().controllers().metrics().refillTimer().count())
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void measuresRefillLatency() throws Exception {
    try (PodCensus census = new PodCensus(client, namespace, "refill-pool")) {
      createPool("refill-pool", 3, null);
      awaitStatus("refill-pool", s -> s.ready() == 3);

      int claims = 20;
      for (int i = 1; i <= claims; i++) {
        claim(pods("refill-pool").stream().filter(this::isUnclaimed).findFirst().orElseThrow());
        int allocated = i;
        awaitStatus("refill-pool", s -> s.ready() == 3 && s.allocated() == allocated);
      }

      List<Double> watched = census.refillMillis().stream().sorted().toList();
      var timer = operator.operator().controllers().metrics().refillTimer();
      assertThat(watched).hasSize(claims);
      // One replacement can answer two claims seen in the same pass, so the operator's count may be
      // lower.
      assertThat(timer.count()).isPositive();
      org.slf4j.LoggerFactory.getLogger(WarmPoolIT.class)
          .info(
              "Measured refill latency claims={} watcher_p50_ms={} watcher_max_ms={}"
                  + " operator_mean_ms={} operator_max_ms={}",
              claims,
              watched.get(claims / 2),
              watched.getLast(),
              timer.mean(java.util.concurrent.TimeUnit.MILLISECONDS),
              timer.max(java.util.concurrent.TimeUnit.MILLISECONDS));
    }
  }

  @Test
  void eventStormAndRestartNeverCreateMoreThanReplicas() throws Exception {
    try (PodCensus census = new PodCensus(client, namespace, "storm-pool")) {
      createPool("storm-pool", 3, null);
      awaitStatus("storm-pool", s -> s.ready() == 3);

      for (int i = 0; i < 50; i++) {
        List<V1Pod> unclaimed = pods("storm-pool").stream().filter(p -> isUnclaimed(p)).toList();
        if (i % 10 == 0 && !unclaimed.isEmpty()) {
          claim(unclaimed.getFirst());
        } else if (!unclaimed.isEmpty()) {
          touch(unclaimed.get(i % unclaimed.size()), i);
        }
        if (i == 25) {
          operator.restart();
        }
      }

      awaitStatus("storm-pool", s -> s.ready() == 3 && s.allocated() == 5);
      assertThat(census.events()).isGreaterThanOrEqualTo(50);
      assertThat(census.maxUnclaimed())
          .as("most ready + creating pods ever seen")
          .isLessThanOrEqualTo(3);
    }
  }

  @Test
  void restartWithPendingPodsCountsThemInsteadOfCreatingMore() throws Exception {
    standIn.pause();
    try (PodCensus census = new PodCensus(client, namespace, "pending-pool")) {
      createPool("pending-pool", 3, null);
      await().atMost(TIMEOUT).until(() -> census.total() == 3);

      operator.restart();
      for (int i = 0; i < 10; i++) {
        touch(pods("pending-pool").get(i % 3), i);
      }
      await().during(Duration.ofSeconds(2)).atMost(TIMEOUT).until(() -> census.total() == 3);

      standIn.resume();
      awaitStatus("pending-pool", s -> s.ready() == 3);
      assertThat(census.maxUnclaimed()).isEqualTo(3);
    }
  }

  @Test
  void scaleSubresourceScalesUpAndDownYoungestFirstNeverTheAllocated() throws Exception {
    createPool("scale-pool", 2, null);
    awaitStatus("scale-pool", s -> s.ready() == 2);
    V1Pod allocated = pods("scale-pool").getFirst();
    claim(allocated);
    awaitStatus("scale-pool", s -> s.ready() == 2 && s.allocated() == 1);

    scale("scale-pool", 5);
    awaitStatus("scale-pool", s -> s.ready() == 5 && s.replicas() == 5);
    List<String> youngestFirst =
        pods("scale-pool").stream()
            .filter(this::isUnclaimed)
            .sorted(
                Comparator.comparing((V1Pod p) -> p.getMetadata().getCreationTimestamp())
                    .reversed())
            .map(p -> p.getMetadata().getName())
            .toList();

    scale("scale-pool", 1);
    awaitStatus(
        "scale-pool", s -> s.ready() == 1 && s.total() == 2 && s.phase() == WarmPoolPhase.READY);
    List<String> left = pods("scale-pool").stream().map(p -> p.getMetadata().getName()).toList();
    assertThat(left).contains(allocated.getMetadata().getName());
    assertThat(left).doesNotContainAnyElementsOf(youngestFirst.subList(0, 2));
  }

  @Test
  void replacesEvictedPodsAndPodsStuckPastTheStartupTimeout() throws Exception {
    createPool("repair-pool", 2, 2);
    awaitStatus("repair-pool", s -> s.ready() == 2);
    String evicted = pods("repair-pool").getFirst().getMetadata().getName();

    standIn.evict(evicted);
    awaitStatus("repair-pool", s -> s.ready() == 2 && s.total() == 2);
    assertThat(pods("repair-pool")).noneMatch(p -> p.getMetadata().getName().equals(evicted));

    standIn.pause();
    claim(pods("repair-pool").getFirst());
    String pending =
        await()
            .atMost(TIMEOUT)
            .until(
                () ->
                    pods("repair-pool").stream()
                        .filter(p -> p.getStatus().getPodIP() == null)
                        .toList(),
                list -> !list.isEmpty())
            .getFirst()
            .getMetadata()
            .getName();
    WarmPoolStatus degraded = awaitStatus("repair-pool", s -> s.phase() == WarmPoolPhase.DEGRADED);
    assertThat(Conditions.find(degraded.conditions(), "Degraded").getReason())
        .isEqualTo("StartupTimeout");
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                pods("repair-pool").stream()
                    .noneMatch(p -> p.getMetadata().getName().equals(pending)));

    standIn.resume();
    awaitStatus("repair-pool", s -> s.ready() == 2 && s.phase() == WarmPoolPhase.READY);
  }

  private void createPool(String name, int replicas, Integer startupTimeoutSeconds)
      throws ApiException {
    WarmPoolSpec quickStart = Examples.quickStartPool().spec();
    WarmPoolSpec spec =
        new WarmPoolSpec(
            replicas, quickStart.template(), null, null, startupTimeoutSeconds, null, null);
    pools
        .create(WarmPool.of(new V1ObjectMeta().name(name).namespace(namespace), spec))
        .throwsApiException();
  }

  private WarmPoolStatus awaitStatus(String pool, Predicate<WarmPoolStatus> condition) {
    return await()
        .atMost(TIMEOUT)
        .until(
            () -> pools.get(namespace, pool).throwsApiException().getObject().status(),
            s -> s != null && condition.test(s));
  }

  private List<V1Pod> pods(String pool) throws ApiException {
    return core
        .listNamespacedPod(namespace)
        .labelSelector(Labels.poolSelector(pool))
        .execute()
        .getItems()
        .stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .toList();
  }

  private boolean isUnclaimed(V1Pod pod) {
    return Labels.POD_STATE_READY.equals(pod.getMetadata().getLabels().get(Labels.POD_STATE));
  }

  // What a gateway does after winning a lease: label the pod allocated.
  private void claim(V1Pod pod) throws ApiException {
    patch(
        pod,
        "{\"metadata\":{\"labels\":{\""
            + Labels.POD_STATE
            + "\":\""
            + Labels.POD_STATE_ALLOCATED
            + "\"}}}");
  }

  // An update event that changes nothing the operator cares about.
  private void touch(V1Pod pod, int i) throws ApiException {
    patch(pod, "{\"metadata\":{\"annotations\":{\"test/touch\":\"" + i + "\"}}}");
  }

  private void patch(V1Pod pod, String json) throws ApiException {
    PatchUtils.patch(
        V1Pod.class,
        () ->
            core.patchNamespacedPod(pod.getMetadata().getName(), namespace, new V1Patch(json))
                .buildCall(null),
        V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
        client);
  }

  private void scale(String pool, int replicas) throws ApiException {
    PatchUtils.patch(
        V1Scale.class,
        () ->
            new CustomObjectsApi(client)
                .patchNamespacedCustomObjectScale(
                    ArlResources.GROUP,
                    ArlResources.VERSION,
                    namespace,
                    ArlResources.WARMPOOLS,
                    pool,
                    new V1Patch("{\"spec\":{\"replicas\":" + replicas + "}}"))
                .buildCall(null),
        V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
        client);
  }

  @SuppressWarnings("unused")
  private static Map<String, String> none() {
    return Map.of();
  }
}

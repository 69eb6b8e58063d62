package io.infra.arl.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.infra.arl.api.gateway.v1.ClaimResponse;
import io.infra.arl.gateway.GatewayHarness;
import io.infra.arl.gateway.sidecar.SidecarChannels;
import io.infra.arl.kube.Labels;
import io.infra.arl.kube.SandboxIds;
import io.infra.arl.kube.crd.ArlResources;
import io.infra.arl.kube.crd.ReleasePolicy;
import io.infra.arl.kube.crd.Sandbox;
import io.infra.arl.kube.crd.SandboxPhase;
import io.infra.arl.kube.crd.WarmPool;
import io.infra.arl.kube.crd.WarmPoolSpec;
import io.infra.arl.testing.kube.KubeApiServerExtension;
import io.infra.arl.testing.pods.PodStandIn;
import io.infra.arl.testing.redis.RedisServerExtension;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The gateway's Kubernetes backend against a real apiserver: pods of a WarmPool (made Running and
 * Ready by the stand-in, each with a real sidecar on its own loopback address) are claimed with one
 * Redis round trip, driven, marked allocated asynchronously and deleted on release (or reset and
 * offered again, with releasePolicy Reset).
 */
class ClusterGatewayIT {
  @RegisterExtension
  static final KubeApiServerExtension KUBE = new KubeApiServerExtension().withProjectCrds();

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  private ApiClient client;
  private String namespace;
  private PodStandIn standIn;

  @BeforeEach
  void setUp() throws Exception {
    client = KUBE.apiClient();
    namespace = KUBE.createNamespace("gw");
    standIn = PodStandIn.start(client, namespace);
  }

  @AfterEach
  void tearDown() {
    standIn.close();
  }

  @Test
  void claimsReadyPodsDrivesThemAndRecordsTheClaimOnThePod() throws Exception {
    createPool("python-pool", 3);
    try (GatewayHarness gateway = GatewayHarness.start(0, gatewayProps("k1"))) {
      SidecarChannels channels = gateway.context().getBean(SidecarChannels.class);
      // Ready pods are connected to before any claim needs them.
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(channels.openChannels().keySet())
                      .containsExactlyInAnyOrder(
                          SandboxIds.of(namespace, "python-pool-0"),
                          SandboxIds.of(namespace, "python-pool-1"),
                          SandboxIds.of(namespace, "python-pool-2")));
      ClaimResponse claim = gateway.awaitClaim("python-pool");
      String podName = SandboxIds.parse(claim.getSandbox().getId()).orElseThrow().name();
      ManagedChannel claimedChannel = channels.openChannels().get(claim.getSandbox().getId());
      assertThat(claimedChannel).isNotNull();

      assertThat(gateway.execOut(claim, "echo from-pod")).isEqualTo("from-pod\n");

      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                V1Pod pod = pod(podName);
                assertThat(pod.getMetadata().getLabels())
                    .containsEntry(Labels.POD_STATE, Labels.POD_STATE_ALLOCATED);
                assertThat(pod.getMetadata().getAnnotations())
                    .containsEntry(Labels.CLAIM_HOLDER, Labels.HOLDER_GATEWAY_PREFIX + "k1")
                    .containsEntry(
                        Labels.CLAIM_FENCING_TOKEN,
                        Long.toString(claim.getSandbox().getFencingToken()));
              });

      // kubectl get sb shows the claim: a record named <pod>-<token>, status Ready.
      String record = podName + "-" + claim.getSandbox().getFencingToken();
      var records = ArlResources.sandboxes(client);
      await()
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptions()
          .untilAsserted(
              () -> {
                Sandbox shown = records.get(namespace, record).throwsApiException().getObject();
                assertThat(shown.getMetadata().getLabels())
                    .containsEntry(Labels.CLAIMED_BY, Labels.CLAIMED_BY_GATEWAY)
                    .containsEntry(Labels.CLAIMED_POD, podName);
                assertThat(shown.status().phase()).isEqualTo(SandboxPhase.READY);
                assertThat(shown.status().sandboxId()).isEqualTo(claim.getSandbox().getId());
              });

      gateway.release(claim);
      await().atMost(Duration.ofSeconds(10)).until(() -> podGone(podName));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> records.get(namespace, record).getHttpStatusCode() == 404);
      // The deleted pod's channel is shut down and forgotten; the others stay connected.
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                assertThat(claimedChannel.isShutdown()).isTrue();
                assertThat(channels.openChannels())
                    .doesNotContainKey(claim.getSandbox().getId())
                    .hasSize(2);
              });
    }
  }

  @Test
  void twoGatewaysSharingRedisNeverHandOutOnePodTwice() throws Exception {
    createPool("shared", 6);
    try (GatewayHarness a = GatewayHarness.start(0, gatewayProps("ka"));
        GatewayHarness b = GatewayHarness.start(0, gatewayProps("kb"))) {
      awaitClaimable(a, "shared", 6);
      awaitClaimable(b, "shared", 6);
      List<Future<ClaimResponse>> claims = new ArrayList<>();
      try (ExecutorService agents = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int i = 0; i < 6; i++) {
          GatewayHarness gateway = i % 2 == 0 ? a : b;
          claims.add(agents.submit(() -> gateway.claim("shared")));
        }
      }
      Set<String> pods = new HashSet<>();
      for (Future<ClaimResponse> claim : claims) {
        assertThat(pods.add(claim.get().getSandbox().getId())).as("each pod claimed once").isTrue();
      }
      assertThat(pods).hasSize(6);
    }
  }

  @Test
  void resetPolicyReturnsTheSamePodEmptiedUnderANewerLease() throws Exception {
    createPool("reuse", 1, ReleasePolicy.RESET);
    try (GatewayHarness gateway = GatewayHarness.start(0, gatewayProps("kr"))) {
      ClaimResponse first = gateway.awaitClaim("reuse");
      String podName = SandboxIds.parse(first.getSandbox().getId()).orElseThrow().name();
      assertThat(gateway.execOut(first, "echo kept > left-behind && ls"))
          .isEqualTo("left-behind\n");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> Labels.POD_STATE_ALLOCATED.equals(podState(podName)));

      gateway.release(first);

      // The one pod comes back (not deleted, no claim annotations) and serves a newer lease with
      // an empty workspace.
      ClaimResponse second = gateway.awaitClaim("reuse");
      assertThat(second.getSandbox().getId()).isEqualTo(first.getSandbox().getId());
      assertThat(second.getSandbox().getFencingToken())
          .isGreaterThan(first.getSandbox().getFencingToken());
      assertThat(gateway.execOut(second, "ls -A")).isEmpty();
      assertThat(pod(podName).getMetadata().getDeletionTimestamp()).isNull();
    }
  }

  private String podState(String name) throws Exception {
    return pod(name).getMetadata().getLabels().get(Labels.POD_STATE);
  }

  private Map<String, Object> gatewayProps(String instance) {
    return ClusterGatewayProperties.of(KUBE, REDIS, namespace, instance);
  }

  private void awaitClaimable(GatewayHarness gateway, String pool, int ready) {
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(
            () ->
                gateway
                    .blocking()
                    .listPools(io.infra.arl.api.gateway.v1.ListPoolsRequest.getDefaultInstance())
                    .getPoolsList()
                    .stream()
                    .anyMatch(p -> p.getName().equals(pool) && p.getReady() == ready));
  }

  private void createPool(String name, int pods) throws Exception {
    createPool(name, pods, ReleasePolicy.DELETE);
  }

  private void createPool(String name, int pods, ReleasePolicy policy) throws Exception {
    V1PodTemplateSpec template = new V1PodTemplateSpec().spec(podSpec());
    ArlResources.warmPools(client)
        .create(
            WarmPool.of(
                new V1ObjectMeta().name(name).namespace(namespace),
                new WarmPoolSpec(pods, template, policy, null, null, null, null)))
        .throwsApiException();
    for (int i = 0; i < pods; i++) {
      V1Pod pod =
          new V1Pod()
              .metadata(
                  new V1ObjectMeta()
                      .name(name + "-" + i)
                      .namespace(namespace)
                      .putLabelsItem(Labels.WARMPOOL, name)
                      .putLabelsItem(Labels.POD_STATE, Labels.POD_STATE_READY))
              .spec(podSpec());
      ArlResources.pods(client).create(pod).throwsApiException();
    }
  }

  private static V1PodSpec podSpec() {
    return new V1PodSpec()
        .overhead(null)
        .addContainersItem(new V1Container().name("sandbox").image("python:3.9-slim"));
  }

  private V1Pod pod(String name) throws Exception {
    return ArlResources.pods(client).get(namespace, name).throwsApiException().getObject();
  }

  private boolean podGone(String name) {
    var response = ArlResources.pods(client).get(namespace, name);
    return response.getHttpStatusCode() == 404
        || response.getObject().getMetadata().getDeletionTimestamp() != null;
  }
}

package io.infra.arl.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.infra.arl.api.gateway.v1.ClaimResponse;
import io.infra.arl.api.sidecar.v1.BindRequest;
import io.infra.arl.api.sidecar.v1.SidecarGrpc;
import io.infra.arl.gateway.GatewayHarness;
import io.infra.arl.gateway.pool.PoolRegistry;
import io.infra.arl.gateway.pool.SandboxPool;
import io.infra.arl.kube.ClaimAnnotations;
import io.infra.arl.kube.Labels;
import io.infra.arl.kube.SandboxIds;
import io.infra.arl.kube.crd.ArlResources;
import io.infra.arl.kube.crd.ReleasePolicy;
import io.infra.arl.kube.crd.WarmPool;
import io.infra.arl.kube.crd.WarmPoolSpec;
import io.infra.arl.testing.kube.KubeApiServerExtension;
import io.infra.arl.testing.pods.PodStandIn;
import io.infra.arl.testing.redis.RedisServerExtension;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.AdmissionregistrationV1Api;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1ValidatingAdmissionPolicy;
import io.kubernetes.client.openapi.models.V1ValidatingAdmissionPolicyBinding;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A released Reset pod comes back to the gateway that released it without any apiserver write
 * (issue 8: on a slow apiserver, pods waited for their writes to drain and claims starved while
 * pods sat ready). The apiserver here refuses every write to the pool's pods, as a saturated one
 * would never get to them: the pod stays labelled allocated for the first claim, yet it serves
 * claim after claim, reset in between.
 */
class ResetPoolReturnIT {
  private static final int CYCLES = 5;

  @RegisterExtension
  static final KubeApiServerExtension KUBE = new KubeApiServerExtension().withProjectCrds();

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  private ApiClient client;
  private String namespace;
  private PodStandIn standIn;
  private boolean writesBlocked;

  @BeforeEach
  void setUp() throws Exception {
    client = KUBE.apiClient();
    namespace = KUBE.createNamespace("rr");
    standIn = PodStandIn.start(client, namespace);
  }

  @AfterEach
  void tearDown() throws Exception {
    standIn.close();
    if (!writesBlocked) {
      return;
    }
    AdmissionregistrationV1Api admission = new AdmissionregistrationV1Api(client);
    admission.deleteValidatingAdmissionPolicyBinding(policyName()).execute();
    admission.deleteValidatingAdmissionPolicy(policyName()).execute();
  }

  @Test
  void releasedResetPodServesNewClaimsWhileItsWritesAreRefused() throws Exception {
    createResetPool("held");
    try (GatewayHarness gateway = GatewayHarness.start(0, gatewayProps())) {
      ClaimResponse first = gateway.awaitClaim("held");
      String podName = SandboxIds.parse(first.getSandbox().getId()).orElseThrow().name();
      String firstToken = Long.toString(first.getSandbox().getFencingToken());
      assertThat(gateway.execOut(first, "echo kept > left-behind && ls"))
          .isEqualTo("left-behind\n");
      // The gateway's informer shows the claim: the label that must not keep the pod out later.
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertAllocatedFor(podName, firstToken));
      blockPodWrites(podName);

      gateway.release(first);
      long lastToken = first.getSandbox().getFencingToken();
      for (int cycle = 0; cycle < CYCLES; cycle++) {
        ClaimResponse next = gateway.claim("held");
        assertThat(next.getSandbox().getId()).isEqualTo(first.getSandbox().getId());
        assertThat(next.getSandbox().getFencingToken()).isGreaterThan(lastToken);
        assertThat(gateway.execOut(next, "ls -A")).as("reset before reuse").isEmpty();
        lastToken = next.getSandbox().getFencingToken();
        gateway.release(next);
      }
      // Nothing of this went through the apiserver: it still shows the first claim.
      assertAllocatedFor(podName, firstToken);
    }
  }

  @Test
  void podIsLabelledReadyWithNoClaimLeftOnceRapidClaimsEnd() throws Exception {
    createResetPool("fast");
    try (GatewayHarness gateway = GatewayHarness.start(0, gatewayProps())) {
      ClaimResponse claim = gateway.awaitClaim("fast");
      String podName = SandboxIds.parse(claim.getSandbox().getId()).orElseThrow().name();
      // Claims faster than their writes: marks, records and returns coalesce in the pod's queue.
      for (int cycle = 0; cycle < 4 * CYCLES; cycle++) {
        gateway.release(claim);
        claim = gateway.claim("fast");
      }
      gateway.release(claim);

      // Whatever was skipped, the pod ends labelled ready, with no claim and no record left.
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                V1Pod pod =
                    ArlResources.pods(client)
                        .get(namespace, podName)
                        .throwsApiException()
                        .getObject();
                assertThat(pod.getMetadata().getLabels())
                    .containsEntry(Labels.POD_STATE, Labels.POD_STATE_READY);
                assertThat(pod.getMetadata().getAnnotations())
                    .doesNotContainKey(Labels.CLAIM_FENCING_TOKEN);
                assertThat(
                        ArlResources.sandboxes(client)
                            .list(namespace)
                            .throwsApiException()
                            .getObject()
                            .getItems())
                    .isEmpty();
              });
    }
  }

  @Test
  void podWrittenByOthersBetweenTheGatewaysWritesIsStillMarkedAndReturned() throws Exception {
    createResetPool("shared");
    try (GatewayHarness gateway = GatewayHarness.start(0, gatewayProps())) {
      ClaimResponse first = gateway.awaitClaim("shared");
      String podName = SandboxIds.parse(first.getSandbox().getId()).orElseThrow().name();
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertAllocatedFor(podName, Long.toString(first.getSandbox().getFencingToken())));
      // Each foreign write makes the version the gateway's next write expects stale: the write is
      // refused (409), the gateway reads the pod and writes again.
      annotate(podName, "first");

      gateway.release(first);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                V1Pod pod = pod(podName);
                assertThat(pod.getMetadata().getLabels())
                    .containsEntry(Labels.POD_STATE, Labels.POD_STATE_READY);
                assertThat(pod.getMetadata().getAnnotations())
                    .doesNotContainKey(Labels.CLAIM_FENCING_TOKEN)
                    .containsEntry("example.com/other-writer", "first");
              });
      annotate(podName, "second");

      ClaimResponse second = gateway.claim("shared");
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertAllocatedFor(
                      podName, Long.toString(second.getSandbox().getFencingToken())));
      assertThat(pod(podName).getMetadata().getAnnotations())
          .containsEntry("example.com/other-writer", "second");
      gateway.release(second);
    }
  }

  @Test
  void claimReleasedWithinTheWriteDelayIsNeverWrittenButAHeldOneIs() throws Exception {
    createResetPool("brief", 2); // one claimed, one of two still ready: room to wait
    List<String> markedTokens = new CopyOnWriteArrayList<>();
    SharedInformerFactory informers = new SharedInformerFactory(client);
    try (GatewayHarness gateway = GatewayHarness.start(0, delayedWrites("3s"))) {
      watchMarkedTokens(informers, markedTokens);
      SandboxPool pool = gateway.context().getBean(PoolRegistry.class).get("brief");
      await().atMost(Duration.ofSeconds(30)).until(() -> pool.stats().ready() == 2);
      ClaimResponse brief = gateway.claim("brief");
      assertThat(gateway.execOut(brief, "echo brief")).isEqualTo("brief\n");
      gateway.release(brief);

      // Held past the delay: marked. A pod's writes keep their order, so had the brief claim's
      // mark been made on the same pod, it would have landed first.
      ClaimResponse held = gateway.claim("brief");
      String heldToken = Long.toString(held.getSandbox().getFencingToken());
      await().atMost(Duration.ofSeconds(20)).until(() -> markedTokens.contains(heldToken));
      gateway.release(held);
      ClaimResponse again = gateway.claim("brief");
      String againToken = Long.toString(again.getSandbox().getFencingToken());
      await().atMost(Duration.ofSeconds(20)).until(() -> markedTokens.contains(againToken));
      assertThat(markedTokens)
          .doesNotContain(Long.toString(brief.getSandbox().getFencingToken()))
          .containsExactly(heldToken, againToken);
      gateway.release(again);
    } finally {
      informers.stopAllRegisteredInformers();
    }
  }

  @Test
  void claimThatLeavesThePoolShortIsWrittenAtOnce() throws Exception {
    createResetPool("short", 1); // claimed: none of one left ready, the operator must know
    List<String> markedTokens = new CopyOnWriteArrayList<>();
    SharedInformerFactory informers = new SharedInformerFactory(client);
    try (GatewayHarness gateway = GatewayHarness.start(0, delayedWrites("30s"))) {
      watchMarkedTokens(informers, markedTokens);
      ClaimResponse claim = gateway.awaitClaim("short");
      String token = Long.toString(claim.getSandbox().getFencingToken());

      await().atMost(Duration.ofSeconds(15)).until(() -> markedTokens.contains(token));
      gateway.release(claim);
    } finally {
      informers.stopAllRegisteredInformers();
    }
  }

  private Map<String, Object> delayedWrites(String delay) {
    Map<String, Object> props = new HashMap<>(gatewayProps());
    props.put("arl.kubernetes.reset-claim-write-delay", delay);
    return props;
  }

  /** Records, in order, the claim token of every version of the namespace's pods that has one. */
  private void watchMarkedTokens(SharedInformerFactory informers, List<String> tokens) {
    SharedIndexInformer<V1Pod> informer =
        informers.sharedIndexInformerFor(ArlResources.pods(client), V1Pod.class, 0, namespace);
    informer.addEventHandler(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(V1Pod pod) {
            record(pod);
          }

          @Override
          public void onUpdate(V1Pod before, V1Pod after) {
            record(after);
          }

          @Override
          public void onDelete(V1Pod pod, boolean finalStateUnknown) {}

          private void record(V1Pod pod) {
            OptionalLong token = ClaimAnnotations.fencingToken(pod);
            if (token.isPresent() && !tokens.contains(Long.toString(token.getAsLong()))) {
              tokens.add(Long.toString(token.getAsLong()));
            }
          }
        });
    informers.startAllRegisteredInformers();
    await().atMost(Duration.ofSeconds(30)).until(informer::hasSynced);
  }

  private void annotate(String podName, String value) throws Exception {
    V1Patch patch =
        new V1Patch(
            "{\"metadata\":{\"annotations\":{\"example.com/other-writer\":\"%s\"}}}"
                .formatted(value));
    ArlResources.pods(client)
        .patch(namespace, podName, V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, patch)
        .throwsApiException();
  }

  private V1Pod pod(String podName) throws Exception {
    return ArlResources.pods(client).get(namespace, podName).throwsApiException().getObject();
  }

  @Test
  void podTakenOverBeforeItsResetIsNotOfferedAgainByTheReleasingGateway() throws Exception {
    createResetPool("taken");
    try (GatewayHarness gateway = GatewayHarness.start(0, gatewayProps())) {
      ClaimResponse claim = gateway.awaitClaim("taken");
      String podName = SandboxIds.parse(claim.getSandbox().getId()).orElseThrow().name();
      // Another holder binds the sidecar with a newer token (as after an expired lease): the
      // release's reset is refused, and the pod is that holder's, not this gateway's to offer.
      bindDirectly(podName, claim.getSandbox().getFencingToken() + 1_000);

      gateway.release(claim);

      SandboxPool pool = gateway.context().getBean(PoolRegistry.class).get("taken");
      await()
          .during(Duration.ofSeconds(2))
          .atMost(Duration.ofSeconds(5))
          .until(() -> pool.candidates(10).isEmpty());
    }
  }

  private void bindDirectly(String podName, long token) {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress(standIn.pod(podName).orElseThrow().sidecarAddress())
            .usePlaintext()
            .build();
    try {
      SidecarGrpc.newBlockingStub(channel)
          .bind(
              BindRequest.newBuilder()
                  .setLeaseId(SandboxIds.of(namespace, podName) + "#" + token)
                  .setFencingToken(token)
                  .build());
    } finally {
      channel.shutdownNow();
    }
  }

  private void assertAllocatedFor(String podName, String token) throws Exception {
    V1Pod pod = pod(podName);
    assertThat(pod.getMetadata().getLabels())
        .containsEntry(Labels.POD_STATE, Labels.POD_STATE_ALLOCATED);
    assertThat(pod.getMetadata().getAnnotations()).containsEntry(Labels.CLAIM_FENCING_TOKEN, token);
  }

  /** Makes the apiserver refuse every update of the namespace's pods (status aside). */
  private void blockPodWrites(String podName) throws Exception {
    AdmissionregistrationV1Api admission = new AdmissionregistrationV1Api(client);
    admission
        .createValidatingAdmissionPolicy(
            V1ValidatingAdmissionPolicy.fromJson(
                """
                {"metadata": {"name": "%s"},
                 "spec": {"failurePolicy": "Fail",
                   "matchConstraints": {"resourceRules": [{"apiGroups": [""],
                     "apiVersions": ["v1"], "operations": ["UPDATE"], "resources": ["pods"]}]},
                   "validations": [{"expression": "false",
                     "message": "pod writes are held back"}]}}
                """
                    .formatted(policyName())))
        .execute();
    admission
        .createValidatingAdmissionPolicyBinding(
            V1ValidatingAdmissionPolicyBinding.fromJson(
                """
                {"metadata": {"name": "%s"},
                 "spec": {"policyName": "%s", "validationActions": ["Deny"],
                   "matchResources": {"namespaceSelector": {"matchLabels":
                     {"kubernetes.io/metadata.name": "%s"}}}}}
                """
                    .formatted(policyName(), policyName(), namespace)))
        .execute();
    writesBlocked = true;
    // The policy takes effect asynchronously: wait until a write is refused.
    V1Patch probe = new V1Patch("{\"metadata\":{\"annotations\":{\"probe\":\"x\"}}}");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                ArlResources.pods(client)
                        .patch(namespace, podName, V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, probe)
                        .getHttpStatusCode()
                    >= 400);
  }

  private String policyName() {
    return "hold-pod-writes-" + namespace;
  }

  private Map<String, Object> gatewayProps() {
    return ClusterGatewayProperties.of(KUBE, REDIS, namespace, "rr");
  }

  private void createResetPool(String name) throws Exception {
    createResetPool(name, 1);
  }

  /** A Reset WarmPool of {@code pods} pods, created here (no operator runs in this test). */
  private void createResetPool(String name, int pods) throws Exception {
    V1PodSpec spec =
        new V1PodSpec()
            .overhead(null) // the model's empty default is refused without a RuntimeClass
            .addContainersItem(new V1Container().name("sandbox").image("python:3.9"));
    ArlResources.warmPools(client)
        .create(
            WarmPool.of(
                new V1ObjectMeta().name(name).namespace(namespace),
                new WarmPoolSpec(
                    pods,
                    new V1PodTemplateSpec().spec(spec),
                    ReleasePolicy.RESET,
                    null,
                    null,
                    null,
                    null)))
        .throwsApiException();
    for (int i = 0; i < pods; i++) {
      V1ObjectMeta metadata =
          new V1ObjectMeta()
              .name(name + "-" + i)
              .namespace(namespace)
              .putLabelsItem(Labels.WARMPOOL, name)
              .putLabelsItem(Labels.POD_STATE, Labels.POD_STATE_READY);
      ArlResources.pods(client)
          .create(new V1Pod().metadata(metadata).spec(spec))
          .throwsApiException();
    }
  }
}

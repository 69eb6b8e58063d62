package io.infra.arl.testing.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;
import io.infra.arl.testing.kube.KubeApiServerExtension;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1PodSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Pods get a live sidecar on their own loopback IP and a Running/Ready status, as from a kubelet.
 */
class PodStandInIT {

  @RegisterExtension static final KubeApiServerExtension KUBE = new KubeApiServerExtension();

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  @Test
  void servesPodsWithDistinctAddressesAndStopsThemOnDelete() throws Exception {
    String namespace = KUBE.createNamespace("stand-in");
    CoreV1Api core = new CoreV1Api(KUBE.apiClient());
    try (PodStandIn pods = PodStandIn.start(KUBE.apiClient(), namespace)) {
      core.createNamespacedPod(namespace, pod("pod-a")).execute();
      core.createNamespacedPod(namespace, pod("pod-b")).execute();

      V1Pod a = awaitReady(core, namespace, "pod-a");
      V1Pod b = awaitReady(core, namespace, "pod-b");
      assertThat(a.getStatus().getPodIP())
          .startsWith("127.")
          .isNotEqualTo(b.getStatus().getPodIP());
      assertThat(health(a.getStatus().getPodIP())).isEqualTo(ServingStatus.SERVING);
      assertThat(pods.pod("pod-a").orElseThrow().workspace()).isDirectory();

      core.deleteNamespacedPod("pod-a", namespace).execute();
      await().atMost(TIMEOUT).until(() -> pods.pod("pod-a").isEmpty());
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () ->
                  org.assertj.core.api.Assertions.assertThatThrownBy(
                          () -> health(a.getStatus().getPodIP()))
                      .isInstanceOf(StatusRuntimeException.class));
      assertThat(health(b.getStatus().getPodIP())).isEqualTo(ServingStatus.SERVING);
    }
  }

  @Test
  void pausedPodsStayPendingUntilResumedAndEvictedPodsFail() throws Exception {
    String namespace = KUBE.createNamespace("stand-in-pause");
    CoreV1Api core = new CoreV1Api(KUBE.apiClient());
    try (PodStandIn pods = PodStandIn.start(KUBE.apiClient(), namespace)) {
      pods.pause();
      core.createNamespacedPod(namespace, pod("pod-c")).execute();
      await()
          .during(Duration.ofMillis(500))
          .atMost(TIMEOUT)
          .until(() -> pods.pod("pod-c").isEmpty());

      pods.resume();
      awaitReady(core, namespace, "pod-c");

      pods.evict("pod-c");
      await()
          .atMost(TIMEOUT)
          .until(
              () ->
                  "Failed"
                      .equals(
                          core.readNamespacedPod("pod-c", namespace)
                              .execute()
                              .getStatus()
                              .getPhase()));
    }
  }

  private static V1Pod awaitReady(CoreV1Api core, String namespace, String name) {
    return await()
        .atMost(TIMEOUT)
        .ignoreExceptionsInstanceOf(ApiException.class)
        .until(() -> core.readNamespacedPod(name, namespace).execute(), PodStandInIT::isReady);
  }

  private static boolean isReady(V1Pod pod) {
    if (pod.getStatus() == null || !"Running".equals(pod.getStatus().getPhase())) {
      return false;
    }
    List<V1PodCondition> conditions = pod.getStatus().getConditions();
    return conditions != null
        && conditions.stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static ServingStatus health(String ip) throws InterruptedException {
    ManagedChannel channel = NettyChannelBuilder.forAddress(ip, 50051).usePlaintext().build();
    try {
      return HealthGrpc.newBlockingStub(channel)
          .withDeadlineAfter(2, TimeUnit.SECONDS)
          .check(HealthCheckRequest.getDefaultInstance())
          .getStatus();
    } finally {
      channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
    }
  }

  private static V1Pod pod(String name) {
    return new V1Pod()
        .metadata(new V1ObjectMeta().name(name))
        .spec(
            new V1PodSpec()
                .containers(List.of(new V1Container().name("executor").image("python:3.9-slim")))
                .overhead(null));
  }
}

package io.infra.arl.loadtest.kube;

import io.infra.arl.kube.Labels;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerPort;
import io.kubernetes.client.openapi.models.V1GRPCAction;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1Probe;
import io.kubernetes.client.openapi.models.V1ResourceRequirements;
import java.util.Map;

/**
 * A warm pool as plain pods for the baseline: {@code size} pods in a fresh namespace, labelled
 * {@code arl.infra.io/warmpool=<pool>} and {@code arl.infra.io/pod-state=ready}, shaped like the
 * operator's pods (a sandbox container plus the sidecar with its gRPC readiness probe), so a list
 * returns objects of a realistic size. No kubelet runs: the pods stay Pending, and the baseline
 * goes by the label only.
 */
public final class KubePodPool {
  private KubePodPool() {}

  /** Creates a namespace named {@code namespace} and {@code size} ready pods of {@code pool}. */
  public static void create(ApiClient client, String namespace, String pool, int size)
      throws ApiException {
    CoreV1Api core = new CoreV1Api(client);
    core.createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(namespace))).execute();
    for (int i = 0; i < size; i++) {
      core.createNamespacedPod(namespace, pod(pool, pool + "-" + i)).execute();
    }
  }

  private static V1Pod pod(String pool, String name) {
    return new V1Pod()
        .metadata(
            new V1ObjectMeta()
                .name(name)
                .labels(
                    Map.of(
                        Labels.WARMPOOL, pool,
                        Labels.POD_STATE, Labels.POD_STATE_READY,
                        Labels.MANAGED_BY, Labels.MANAGED_BY_OPERATOR)))
        .spec(
            new V1PodSpec()
                .overhead(null) // client-java sends {} otherwise, which admission refuses
                .addContainersItem(
                    new V1Container()
                        .name("sandbox")
                        .image("python:3.12-slim")
                        .command(java.util.List.of("sleep", "infinity"))
                        .resources(resources("500m", "512Mi")))
                .addContainersItem(
                    new V1Container()
                        .name("arl-sidecar")
                        .image("ghcr.io/arl-infra/sidecar:0.1.0")
                        .addPortsItem(new V1ContainerPort().name("grpc").containerPort(50051))
                        .readinessProbe(
                            new V1Probe().grpc(new V1GRPCAction().port(50051)).periodSeconds(1))
                        .resources(resources("100m", "96Mi"))));
  }

  private static V1ResourceRequirements resources(String cpu, String memory) {
    Map<String, Quantity> amounts =
        Map.of("cpu", Quantity.fromString(cpu), "memory", Quantity.fromString(memory));
    return new V1ResourceRequirements().requests(amounts).limits(amounts);
  }
}

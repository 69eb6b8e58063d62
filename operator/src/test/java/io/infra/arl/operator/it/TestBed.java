package io.infra.arl.operator.it;

import static org.awaitility.Awaitility.await;

import io.infra.arl.kube.Labels;
import io.infra.arl.kube.crd.ArlResources;
import io.infra.arl.kube.crd.ReleasePolicy;
import io.infra.arl.kube.crd.Sandbox;
import io.infra.arl.kube.crd.SandboxSpec;
import io.infra.arl.kube.crd.Task;
import io.infra.arl.kube.crd.TaskSpec;
import io.infra.arl.kube.crd.TaskStatus;
import io.infra.arl.kube.crd.WarmPool;
import io.infra.arl.kube.crd.WarmPoolSpec;
import io.infra.arl.kube.crd.WarmPoolStatus;
import io.infra.arl.testing.kube.KubeApiServerExtension;
import io.infra.arl.testing.pods.PodStandIn;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One test's world: a namespace, a stand-in kubelet, an operator confined to the namespace, and
 * helpers to create ARL objects and wait for their statuses.
 */
final class TestBed implements AutoCloseable {

  static final Duration TIMEOUT = Duration.ofSeconds(30);

  final String namespace;
  final ApiClient client;
  final PodStandIn standIn;
  final OperatorHarness operator;

  TestBed(KubeApiServerExtension kube, String prefix) {
    this.namespace = kube.createNamespace(prefix);
    this.client = kube.apiClient();
    this.standIn = PodStandIn.start(client, namespace);
    this.operator = new OperatorHarness(kube, namespace);
    operator.start();
  }

  void pool(
      String name, int replicas, ReleasePolicy policy, Integer idleSeconds, Integer ttlSeconds)
      throws ApiException {
    WarmPoolSpec template = Examples.quickStartPool().spec();
    WarmPoolSpec spec =
        new WarmPoolSpec(
            replicas, template.template(), policy, null, null, idleSeconds, ttlSeconds);
    ArlResources.warmPools(client).create(WarmPool.of(meta(name), spec)).throwsApiException();
  }

  WarmPoolStatus awaitPool(String name, Predicate<WarmPoolStatus> condition) {
    return await()
        .atMost(TIMEOUT)
        .until(
            () -> ArlResources.warmPools(client).get(namespace, name).getObject().status(),
            s -> s != null && condition.test(s));
  }

  void sandbox(String name, SandboxSpec spec) throws ApiException {
    ArlResources.sandboxes(client).create(Sandbox.of(meta(name), spec)).throwsApiException();
  }

  Sandbox awaitSandbox(String name, Predicate<Sandbox> condition) {
    return await()
        .atMost(TIMEOUT)
        .until(
            () -> ArlResources.sandboxes(client).get(namespace, name).getObject(),
            s -> s != null && s.status() != null && condition.test(s));
  }

  Optional<Sandbox> sandbox(String name) {
    return Optional.ofNullable(ArlResources.sandboxes(client).get(namespace, name).getObject());
  }

  void task(String name, TaskSpec spec) throws ApiException {
    ArlResources.tasks(client).create(Task.of(meta(name), spec)).throwsApiException();
  }

  TaskStatus awaitTask(String name, Predicate<TaskStatus> condition) {
    return await()
        .atMost(TIMEOUT)
        .until(
            () -> ArlResources.tasks(client).get(namespace, name).getObject().status(),
            s -> s != null && condition.test(s));
  }

  Optional<Task> task(String name) {
    return Optional.ofNullable(ArlResources.tasks(client).get(namespace, name).getObject());
  }

  Optional<V1Pod> pod(String name) throws ApiException {
    return core().listNamespacedPod(namespace).execute().getItems().stream()
        .filter(p -> p.getMetadata().getName().equals(name))
        .findFirst();
  }

  List<V1Pod> pods(String pool) throws ApiException {
    return core()
        .listNamespacedPod(namespace)
        .labelSelector(Labels.poolSelector(pool))
        .execute()
        .getItems();
  }

  CoreV1Api core() {
    return new CoreV1Api(client);
  }

  private V1ObjectMeta meta(String name) {
    return new V1ObjectMeta().name(name).namespace(namespace);
  }

  @Override
  public void close() {
    operator.close();
    standIn.close();
  }
}

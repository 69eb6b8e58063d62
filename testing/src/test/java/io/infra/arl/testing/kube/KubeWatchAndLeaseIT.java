package io.infra.arl.testing.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.kubernetes.client.extended.leaderelection.LeaderElector;
import io.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodList;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Watches through the official informer, and Lease leader election with failover. */
class KubeWatchAndLeaseIT {

  @RegisterExtension static final KubeApiServerExtension KUBE = new KubeApiServerExtension();

  private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration LEASE = Duration.ofSeconds(2);

  @Test
  void informerSeesPodsAddedUpdatedAndDeleted() throws ApiException {
    String namespace = KUBE.createNamespace("informer-it");
    Queue<String> events = new ConcurrentLinkedQueue<>();
    SharedInformerFactory factory = new SharedInformerFactory(KUBE.apiClient());
    SharedIndexInformer<V1Pod> informer =
        factory.sharedIndexInformerFor(
            new GenericKubernetesApi<>(
                V1Pod.class, V1PodList.class, "", "v1", "pods", KUBE.apiClient()),
            V1Pod.class,
            0,
            namespace);
    informer.addEventHandler(new RecordingHandler(events));
    factory.startAllRegisteredInformers();
    try {
      await().atMost(EVENT_TIMEOUT).until(informer::hasSynced);
      CoreV1Api core = new CoreV1Api(KUBE.apiClient());

      core.createNamespacedPod(namespace, pod("sandbox-1")).execute();
      await().atMost(EVENT_TIMEOUT).until(() -> events.contains("add sandbox-1 pod-state=ready"));

      V1Pod current = core.readNamespacedPod("sandbox-1", namespace).execute();
      current.getMetadata().putLabelsItem("arl.infra.io/pod-state", "allocated");
      core.replaceNamespacedPod("sandbox-1", namespace, current).execute();
      await()
          .atMost(EVENT_TIMEOUT)
          .until(() -> events.contains("update sandbox-1 pod-state=allocated"));

      // Never bound to a node, so the apiserver deletes it at once (no kubelet to confirm).
      core.deleteNamespacedPod("sandbox-1", namespace).execute();
      await().atMost(EVENT_TIMEOUT).until(() -> events.contains("delete sandbox-1"));
    } finally {
      factory.stopAllRegisteredInformers();
    }
  }

  @Test
  void leaseLeaderElectionHasExactlyOneLeaderAndFailsOver() throws ApiException {
    String namespace = KUBE.createNamespace("leader-it");
    Set<String> leaders = ConcurrentHashMap.newKeySet();
    AtomicBoolean overlapped = new AtomicBoolean();
    Map<String, LeaderElector> electors =
        Map.of(
            "candidate-a", elector(namespace, "candidate-a"),
            "candidate-b", elector(namespace, "candidate-b"));
    electors.forEach((identity, elector) -> campaign(identity, elector, leaders, overlapped));
    try {
      await().atMost(EVENT_TIMEOUT).until(() -> leaders.size() == 1);
      // Longer than the lease: the follower must keep failing to acquire while the leader renews.
      await()
          .during(LEASE.plusSeconds(1))
          .atMost(LEASE.plusSeconds(10))
          .until(() -> leaders.size() == 1);
      String first = leaders.iterator().next();
      assertThat(holder(namespace)).isEqualTo(first);

      electors.get(first).close();
      leaders.remove(first);
      String second = first.equals("candidate-a") ? "candidate-b" : "candidate-a";

      await().atMost(EVENT_TIMEOUT).until(() -> leaders.equals(Set.of(second)));
      assertThat(holder(namespace)).isEqualTo(second);
      assertThat(overlapped).as("two candidates led at once").isFalse();
    } finally {
      electors.values().forEach(LeaderElector::close);
    }
  }

  // Runs one candidate on its own thread; the hooks record who leads and flag any overlap.
  private static void campaign(
      String identity, LeaderElector elector, Set<String> leaders, AtomicBoolean overlapped) {
    Runnable startLeading =
        () -> {
          if (!leaders.add(identity) || leaders.size() > 1) {
            overlapped.set(true);
          }
        };
    Thread.ofVirtual()
        .name("elector-" + identity)
        .start(() -> elector.run(startLeading, () -> leaders.remove(identity)));
  }

  private static LeaderElector elector(String namespace, String identity) {
    LeaseLock lock = new LeaseLock(namespace, "arl-test-leader", identity, KUBE.newApiClient());
    return new LeaderElector(
        new LeaderElectionConfig(lock, LEASE, Duration.ofMillis(1500), Duration.ofMillis(250)));
  }

  private static String holder(String namespace) throws ApiException {
    return new CoordinationV1Api(KUBE.apiClient())
        .readNamespacedLease("arl-test-leader", namespace)
        .execute()
        .getSpec()
        .getHolderIdentity();
  }

  private static V1Pod pod(String name) {
    return new V1Pod()
        .metadata(new V1ObjectMeta().name(name).labels(Map.of("arl.infra.io/pod-state", "ready")))
        .spec(
            new V1PodSpec()
                .containers(List.of(new V1Container().name("sandbox").image("busybox:1.36")))
                // client-java 25 sends an empty `overhead: {}` by default, which the RuntimeClass
                // admission plugin refuses ("Pod Overhead set without corresponding RuntimeClass").
                .overhead(null));
  }

  /** Records informer callbacks as "add|update|delete name [pod-state=...]" strings. */
  private record RecordingHandler(Queue<String> events) implements ResourceEventHandler<V1Pod> {

    @Override
    public void onAdd(V1Pod pod) {
      events.add("add " + describe(pod));
    }

    @Override
    public void onUpdate(V1Pod oldPod, V1Pod newPod) {
      events.add("update " + describe(newPod));
    }

    @Override
    public void onDelete(V1Pod pod, boolean finalStateUnknown) {
      events.add("delete " + pod.getMetadata().getName());
    }

    private static String describe(V1Pod pod) {
      Map<String, String> labels = pod.getMetadata().getLabels();
      return pod.getMetadata().getName() + " pod-state=" + labels.get("arl.infra.io/pod-state");
    }
  }
}

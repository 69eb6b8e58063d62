package io.infra.arl.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.infra.arl.kube.crd.ArlResources;
import io.infra.arl.lease.memory.InMemoryLeaseStore;
import io.infra.arl.operator.config.OperatorConfig;
import io.infra.arl.operator.runtime.Operator;
import io.infra.arl.testing.kube.KubeApiServerExtension;
import io.infra.arl.testing.pods.PodStandIn;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import java.time.Clock;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two operator replicas: one leads and acts, the other takes over when the leader stops. */
class LeaderElectionIT {

  @RegisterExtension
  static final KubeApiServerExtension KUBE = new KubeApiServerExtension().withProjectCrds();

  @Test
  void oneReplicaLeadsAndTheOtherTakesOver() throws Exception {
    String namespace = KUBE.createNamespace("leader");
    OperatorConfig config =
        OperatorConfig.defaults().withNamespace(namespace).withLeaderElection(true);
    InMemoryLeaseStore leases = new InMemoryLeaseStore(Clock.systemUTC());
    try (PodStandIn standIn = PodStandIn.start(KUBE.apiClient(), namespace);
        PodCensus census = new PodCensus(KUBE.apiClient(), namespace, "led-pool");
        OperatorHarness a = new OperatorHarness(KUBE, config, leases, Clock.systemUTC());
        OperatorHarness b = new OperatorHarness(KUBE, config, leases, Clock.systemUTC())) {
      Operator first = a.start();
      Operator second = b.start();
      await().atMost(TestBed.TIMEOUT).until(() -> first.isLeading() || second.isLeading());
      Operator leader = first.isLeading() ? first : second;
      Operator follower = leader == first ? second : first;
      assertThat(follower.isLeading()).isFalse();
      assertThat(holder(namespace)).isEqualTo(leader.identity());

      TestBedPools pools = new TestBedPools(KUBE.apiClient(), namespace);
      pools.create("led-pool", 2);
      pools.awaitReady("led-pool", 2);
      assertThat(census.maxUnclaimed()).isEqualTo(2);

      leader.close();
      await().atMost(TestBed.TIMEOUT).until(follower::isLeading);
      ArlResources.warmPools(KUBE.apiClient())
          .patch(
              namespace,
              "led-pool",
              V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
              new V1Patch("{\"spec\":{\"replicas\":3}}"))
          .throwsApiException();

      pools.awaitReady("led-pool", 3);
      assertThat(census.maxUnclaimed()).isEqualTo(3);
      assertThat(holder(namespace)).isEqualTo(follower.identity());
      assertThat(Stream.of(first, second).filter(Operator::isLeading).count()).isEqualTo(1);
    }
  }

  private static String holder(String namespace) throws Exception {
    return new CoordinationV1Api(KUBE.apiClient())
        .readNamespacedLease("arl-operator", namespace)
        .execute()
        .getSpec()
        .getHolderIdentity();
  }
}

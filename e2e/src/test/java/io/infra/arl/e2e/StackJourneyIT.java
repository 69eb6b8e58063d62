package io.infra.arl.e2e;

import static io.infra.arl.e2e.GatewayClients.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.infra.arl.api.gateway.v1.ClaimResponse;
import io.infra.arl.api.gateway.v1.Pool;
import io.infra.arl.api.gateway.v1.SandboxRef;
import io.infra.arl.kube.Labels;
import io.infra.arl.kube.SandboxIds;
import io.infra.arl.kube.crd.ArlResources;
import io.infra.arl.testing.stack.DevStack;
import io.infra.arl.testing.stack.StackOptions;
import io.kubernetes.client.openapi.models.V1Pod;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An agent's journey through each gateway of the dev stack (real apiserver + etcd, redis-server,
 * operator and two gateways as separate JVMs, a real sidecar per pod): claim a pod of the example
 * pool, write a file, run a command on it, read the result, release; the operator refills the pool.
 */
class StackJourneyIT {
  private static final String POOL = "python-pool"; // deploy/examples/warmpool.yaml: 3 replicas
  private static final int REPLICAS = 3;

  private static DevStack stack;
  private static GatewayClients gateways;

  @BeforeAll
  static void startStack() throws Exception {
    stack =
        DevStack.start(
            RepoRoot.find(), StackOptions.defaults().withNamespace("journey").withGateways(2, 0));
    gateways = new GatewayClients(stack.gatewayPorts());
  }

  @AfterAll
  static void stopStack() {
    if (gateways != null) {
      gateways.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void everyGatewayClaimsDrivesAndReleasesAPodAndThePoolRefills() throws Exception {
    for (int i = 0; i < gateways.size(); i++) {
      int gateway = i;
      awaitReady(gateway, REPLICAS);
      ClaimResponse claim = gateways.claim(gateway, POOL, Duration.ofSeconds(10));
      SandboxRef sandbox = ref(claim);
      String pod = SandboxIds.parse(sandbox.getId()).orElseThrow().name();

      gateways.write(gateway, sandbox, "in.txt", "hello from gateway " + gateway + "\n");
      var result = gateways.exec(gateway, sandbox, "tr a-z A-Z < in.txt > out.txt && cat out.txt");
      assertThat(result.exitCode()).isZero();
      assertThat(result.stdout()).isEqualTo("HELLO FROM GATEWAY " + gateway + "\n");
      assertThat(gateways.read(gateway, sandbox, "out.txt")).isEqualTo(result.stdout());

      // The claim becomes visible on the pod, and the operator replaces the pod in the pool.
      await("pod " + pod + " labelled allocated")
          .atMost(Duration.ofSeconds(10))
          .until(() -> Labels.POD_STATE_ALLOCATED.equals(label(pod, Labels.POD_STATE)));
      awaitReady(gateway, REPLICAS);
      String record = pod + "-" + claim.getSandbox().getFencingToken();
      await("kubectl get sb shows the claim as " + record)
          .atMost(Duration.ofSeconds(10))
          .until(() -> sandboxRecord(record) == 200);

      gateways.release(gateway, sandbox);
      await("released pod " + pod + " deleted (releasePolicy Delete)")
          .atMost(Duration.ofSeconds(10))
          .until(() -> gone(pod));
      await("claim record " + record + " deleted")
          .atMost(Duration.ofSeconds(10))
          .until(() -> sandboxRecord(record) == 404);
      assertThatThrownBy(() -> gateways.exec(gateway, sandbox, "true"))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }
  }

  @Test
  void aSandboxClaimedThroughOneGatewayIsOnlyReachableThroughIt() {
    awaitReady(0, 1);
    ClaimResponse claim = gateways.claim(0, POOL, Duration.ofSeconds(10));
    try {
      assertThatThrownBy(() -> gateways.exec(1, ref(claim), "true"))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    } finally {
      gateways.release(0, ref(claim));
    }
  }

  @Test
  void unknownPoolsAndForeignTokensAreRefusedPrecisely() {
    assertThatThrownBy(() -> gateways.claim(1, "no-such-pool", Duration.ofSeconds(1)))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    awaitReady(1, 1);
    ClaimResponse claim = gateways.claim(1, POOL, Duration.ofSeconds(10));
    SandboxRef forged = ref(claim).toBuilder().setLeaseToken("not-the-token").build();
    try {
      assertThatThrownBy(() -> gateways.exec(1, forged, "true"))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
      assertThat(gateways.exec(1, ref(claim), "echo still mine").stdout())
          .isEqualTo("still mine\n");
    } finally {
      gateways.release(1, ref(claim));
    }
  }

  private static void awaitReady(int gateway, int atLeast) {
    await("gateway " + gateway + " sees " + atLeast + " ready pods in " + POOL)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(() -> gateways.pool(gateway, POOL).map(Pool::getReady).orElse(0) >= atLeast);
  }

  private static String label(String pod, String key) throws Exception {
    V1Pod found =
        ArlResources.pods(stack.apiClient())
            .get(stack.namespace(), pod)
            .throwsApiException()
            .getObject();
    return found.getMetadata().getLabels().get(key);
  }

  private static int sandboxRecord(String name) {
    return ArlResources.sandboxes(stack.apiClient())
        .get(stack.namespace(), name)
        .getHttpStatusCode();
  }

  private static boolean gone(String pod) {
    var response = ArlResources.pods(stack.apiClient()).get(stack.namespace(), pod);
    return response.getHttpStatusCode() == 404
        || response.getObject().getMetadata().getDeletionTimestamp() != null;
  }
}

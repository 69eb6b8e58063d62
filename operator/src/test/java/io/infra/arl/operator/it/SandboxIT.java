package io.infra.arl.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.infra.arl.kube.Labels;
import io.infra.arl.kube.SandboxIds;
import io.infra.arl.kube.crd.ReleasePolicy;
import io.infra.arl.kube.crd.Sandbox;
import io.infra.arl.kube.crd.SandboxPhase;
import io.infra.arl.kube.crd.SandboxSpec;
import io.infra.arl.kube.crd.TaskSpec;
import io.infra.arl.kube.crd.TaskStep;
import io.infra.arl.operator.condition.Conditions;
import io.infra.arl.testing.kube.KubeApiServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sandbox claims, deadlines and releases against a real apiserver and real sidecars. */
class SandboxIT {

  @RegisterExtension
  static final KubeApiServerExtension KUBE = new KubeApiServerExtension().withProjectCrds();

  private TestBed bed;

  @BeforeEach
  void setUp() {
    bed = new TestBed(KUBE, "sandbox");
  }

  @AfterEach
  void tearDown() {
    bed.close();
  }

  @Test
  void waitsForItsPoolThenClaimsAPodThroughTheLeaseProtocol() throws Exception {
    bed.sandbox("early", SandboxSpec.of("later-pool"));
    Sandbox pending = bed.awaitSandbox("early", s -> s.status().phase() == SandboxPhase.PENDING);
    assertThat(Conditions.find(pending.status().conditions(), "Ready").getReason())
        .isEqualTo("PoolNotFound");

    bed.pool("later-pool", 2, null, null, null);
    Sandbox ready = bed.awaitSandbox("early", s -> s.status().phase() == SandboxPhase.READY);

    assertThat(ready.status().sandboxId())
        .isEqualTo(SandboxIds.of(bed.namespace, ready.status().podName()));
    assertThat(ready.status().allocatedAt()).isNotNull();
    assertThat(ready.status().observedGeneration()).isEqualTo(1L);
    assertThat(ready.getMetadata().getFinalizers()).contains(Labels.SANDBOX_FINALIZER);
    String owner = ready.getMetadata().getAnnotations().get(Labels.SANDBOX_LEASE_OWNER);
    assertThat(bed.operator.leases().get(ready.status().sandboxId()))
        .hasValueSatisfying(lease -> assertThat(lease.owner()).isEqualTo(owner));
    // The claimed pod no longer counts: the pool refills to 2 ready.
    bed.awaitPool("later-pool", s -> s.ready() == 2 && s.allocated() == 1);
  }

  @Test
  void withoutKeepAliveItIsReleasedWhenItsTaskFinishesThenDeleted() throws Exception {
    bed.pool("once-pool", 1, null, null, null);
    bed.sandbox("once", new SandboxSpec("once-pool", false, 1, null, null));
    Sandbox ready = bed.awaitSandbox("once", s -> s.status().phase() == SandboxPhase.READY);
    String podName = ready.status().podName();

    bed.task(
        "only",
        new TaskSpec("once", "30s", List.of(TaskStep.command("true", List.of("true"))), null));

    Sandbox released = bed.awaitSandbox("once", s -> s.status().phase() == SandboxPhase.RELEASED);
    assertThat(Conditions.find(released.status().conditions(), "Ready").getReason())
        .isEqualTo("Completed");
    await().atMost(TestBed.TIMEOUT).until(() -> bed.pod(podName).isEmpty());
    assertThat(bed.operator.leases().get(released.status().sandboxId())).isEmpty();
    // ttlSecondsAfterFinished: 1 -> the object goes a second after its release.
    await().atMost(TestBed.TIMEOUT).until(() -> bed.sandbox("once").isEmpty());
  }

  @Test
  void idleTimeoutReleasesAtItsDeadline() throws Exception {
    bed.pool("idle-pool", 1, null, null, null);
    bed.sandbox("idler", new SandboxSpec("idle-pool", true, null, 2, null));

    Sandbox released = bed.awaitSandbox("idler", s -> s.status().phase() == SandboxPhase.RELEASED);

    assertThat(Conditions.find(released.status().conditions(), "Ready").getReason())
        .isEqualTo("IdleTimeout");
    Duration held =
        Duration.between(released.status().allocatedAt(), released.status().releasedAt());
    assertThat(held).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
  }

  @Test
  void poolTtlIsTheDefaultAbsoluteLifetime() throws Exception {
    bed.pool("ttl-pool", 1, null, null, 2);
    bed.sandbox("mortal", new SandboxSpec("ttl-pool", true, null, null, null));

    Sandbox released = bed.awaitSandbox("mortal", s -> s.status().phase() == SandboxPhase.RELEASED);

    assertThat(Conditions.find(released.status().conditions(), "Ready").getReason())
        .isEqualTo("TTLExpired");
    Duration held =
        Duration.between(released.status().allocatedAt(), released.status().releasedAt());
    assertThat(held).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
  }

  @Test
  void deletingTheSandboxReleasesItsPod() throws Exception {
    bed.pool("del-pool", 1, null, null, null);
    bed.sandbox("doomed", SandboxSpec.of("del-pool"));
    Sandbox ready = bed.awaitSandbox("doomed", s -> s.status().phase() == SandboxPhase.READY);

    io.infra.arl.kube.crd.ArlResources.sandboxes(bed.client)
        .delete(bed.namespace, "doomed")
        .throwsApiException();

    await().atMost(TestBed.TIMEOUT).until(() -> bed.sandbox("doomed").isEmpty());
    await().atMost(TestBed.TIMEOUT).until(() -> bed.pod(ready.status().podName()).isEmpty());
    assertThat(bed.operator.leases().get(ready.status().sandboxId())).isEmpty();
  }

  @Test
  void resetPolicyCleansThePodAndOffersItAgain() throws Exception {
    try (PodCensus census = new PodCensus(bed.client, bed.namespace, "reset-pool")) {
      bed.pool("reset-pool", 1, ReleasePolicy.RESET, null, null);
      bed.sandbox("reused", new SandboxSpec("reset-pool", false, null, null, null));
      Sandbox ready = bed.awaitSandbox("reused", s -> s.status().phase() == SandboxPhase.READY);
      String podName = ready.status().podName();
      Path workspace = bed.standIn.pod(podName).orElseThrow().workspace();

      bed.task(
          "leave-a-file",
          new TaskSpec(
              "reused",
              "30s",
              List.of(TaskStep.filePatch("write", "/workspace/left.txt", "x")),
              null));
      bed.awaitSandbox("reused", s -> s.status().phase() == SandboxPhase.RELEASED);

      // The pod came back as ready (whether the pool keeps it or the younger replacement is
      // then a scale-down choice), with its workspace emptied and its lease gone.
      await()
          .atMost(TestBed.TIMEOUT)
          .until(
              () -> census.states(podName), s -> s.equals(List.of("ready", "allocated", "ready")));
      assertThat(Files.exists(workspace.resolve("left.txt"))).isFalse();
      assertThat(bed.operator.leases().get(ready.status().sandboxId())).isEmpty();
      bed.awaitPool("reset-pool", s -> s.ready() == 1 && s.total() == 1);
    }
  }

  @Test
  void aLeaseTheStoreForgotIsRestoredWithItsTokenAndTheTaskRunsOn() throws Exception {
    bed.pool("amnesia-pool", 1, null, null, null);
    bed.sandbox("kept", new SandboxSpec("amnesia-pool", true, null, null, null));
    Sandbox ready = bed.awaitSandbox("kept", s -> s.status().phase() == SandboxPhase.READY);
    String id = ready.status().sandboxId();
    long token = bed.operator.leases().get(id).orElseThrow().fencingToken();
    bed.task(
        "long",
        new TaskSpec(
            "kept",
            "30s",
            List.of(TaskStep.command("wait", List.of("sh", "-c", "sleep 2; echo survived"))),
            null));
    bed.awaitTask("long", t -> t.state() == io.infra.arl.kube.crd.TaskState.RUNNING);

    // What an empty Redis restart does to every lease.
    bed.operator
        .leases()
        .release(id, ready.getMetadata().getAnnotations().get(Labels.SANDBOX_LEASE_OWNER));

    var done = bed.awaitTask("long", io.infra.arl.kube.crd.TaskStatus::isFinished);
    assertThat(done.state()).isEqualTo(io.infra.arl.kube.crd.TaskState.SUCCEEDED);
    assertThat(done.stdout()).isEqualTo("survived\n");
    await()
        .atMost(TestBed.TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(bed.operator.leases().get(id))
                    .hasValueSatisfying(l -> assertThat(l.fencingToken()).isEqualTo(token)));
    assertThat(bed.sandbox("kept").orElseThrow().status().phase())
        .isIn(SandboxPhase.READY, SandboxPhase.BOUND);
  }

  @Test
  void aRestartedOperatorKeepsHoldingTheSamePod() throws Exception {
    bed.pool("steady-pool", 1, null, null, null);
    bed.sandbox("steady", new SandboxSpec("steady-pool", true, null, null, null));
    Sandbox before = bed.awaitSandbox("steady", s -> s.status().phase() == SandboxPhase.READY);

    bed.operator.restart();
    bed.task(
        "after-restart",
        new TaskSpec("steady", "30s", List.of(TaskStep.command("true", List.of("true"))), null));
    bed.awaitTask("after-restart", t -> t.isFinished());

    Sandbox after = bed.sandbox("steady").orElseThrow();
    assertThat(after.status().podName()).isEqualTo(before.status().podName());
    assertThat(after.status().phase()).isIn(SandboxPhase.READY, SandboxPhase.BOUND);
  }
}

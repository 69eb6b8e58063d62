package io.infra.arl.operator.warmpool.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.infra.arl.kube.crd.WarmPoolPhase;
import io.infra.arl.kube.crd.WarmPoolSpec;
import io.infra.arl.operator.condition.Conditions;
import io.infra.arl.operator.warmpool.model.PodState;
import io.infra.arl.operator.warmpool.model.PoolObservation;
import io.infra.arl.operator.warmpool.model.PoolPod;
import io.infra.arl.operator.warmpool.plan.PodDeletion.Reason;
import io.kubernetes.client.openapi.models.V1Condition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WarmPoolPlannerTest {

  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  static Stream<Arguments> plans() {
    return Stream.of(
        row("new pool creates every replica", pool(3), 3, List.of(), WarmPoolPhase.PENDING),
        row(
            "full pool does nothing",
            pool(3).ready("a", "b", "c"),
            0,
            List.of(),
            WarmPoolPhase.READY),
        row(
            "starting pods count as unclaimed",
            pool(3).ready("a", "b").starting("c"),
            0,
            List.of(),
            WarmPoolPhase.SCALING),
        row(
            "creations in flight count (event storm)",
            pool(3).ready("a", "b").inFlight(1),
            0,
            List.of(),
            WarmPoolPhase.SCALING),
        row(
            "pending pods seen after a restart count",
            pool(3).starting("a", "b", "c"),
            0,
            List.of(),
            WarmPoolPhase.PENDING),
        row(
            "claimed pods do not count",
            pool(3).ready("a", "b").allocated("c"),
            1,
            List.of(),
            WarmPoolPhase.SCALING),
        row(
            "failed pods are deleted and replaced",
            pool(3).ready("a", "b").failed("c"),
            1,
            List.of(new PodDeletion("c", Reason.FAILED)),
            WarmPoolPhase.DEGRADED),
        row(
            "pods past the startup timeout are deleted and replaced",
            pool(3).ready("a", "b").startedAgo("c", Duration.ofSeconds(300)),
            1,
            List.of(new PodDeletion("c", Reason.STARTUP_TIMEOUT)),
            WarmPoolPhase.DEGRADED),
        row(
            "scale-down removes the youngest ready pods",
            pool(3)
                .readyAgo("old", 50)
                .readyAgo("a", 40)
                .readyAgo("b", 30)
                .readyAgo("young", 10)
                .readyAgo("younger", 5),
            0,
            List.of(
                new PodDeletion("younger", Reason.SCALE_DOWN),
                new PodDeletion("young", Reason.SCALE_DOWN)),
            WarmPoolPhase.SCALING),
        row(
            "scale-down removes starting pods before ready ones",
            pool(3).ready("a", "b", "c").starting("s"),
            0,
            List.of(new PodDeletion("s", Reason.SCALE_DOWN)),
            WarmPoolPhase.SCALING),
        row(
            "scale-down never touches allocated pods",
            pool(0).ready("r").allocated("x", "y", "z"),
            0,
            List.of(new PodDeletion("r", Reason.SCALE_DOWN)),
            WarmPoolPhase.SCALING),
        row(
            "maxUnavailable limits creations",
            pool(5).maxUnavailable(2),
            2,
            List.of(),
            WarmPoolPhase.PENDING),
        row(
            "maxUnavailable counts starting pods",
            pool(5).maxUnavailable(2).ready("a").starting("b"),
            1,
            List.of(),
            WarmPoolPhase.SCALING),
        row(
            "terminating pods neither count nor get deleted again",
            pool(2).terminating("a", "b"),
            2,
            List.of(),
            WarmPoolPhase.PENDING),
        row("empty pool at zero replicas is ready", pool(0), 0, List.of(), WarmPoolPhase.READY));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plans")
  void plansCreationsAndDeletions(
      String description,
      Pool pool,
      int toCreate,
      List<PodDeletion> toDelete,
      WarmPoolPhase phase) {
    WarmPoolPlan plan = WarmPoolPlanner.plan(pool.observation(null));

    assertThat(plan.toCreate()).as("toCreate").isEqualTo(toCreate);
    assertThat(plan.toDelete()).as("toDelete").isEqualTo(toDelete);
    assertThat(plan.status().phase()).as("phase").isEqualTo(phase);
  }

  @Test
  void statusCountsEveryKindOfPod() {
    WarmPoolPlan plan =
        WarmPoolPlanner.plan(
            pool(4)
                .ready("a", "b")
                .starting("c")
                .allocated("d", "e")
                .failed("f")
                .inFlight(1)
                .observation(null));

    assertThat(plan.status().ready()).isEqualTo(2);
    assertThat(plan.status().creating()).isEqualTo(2);
    assertThat(plan.status().replicas()).isEqualTo(4);
    assertThat(plan.status().allocated()).isEqualTo(2);
    assertThat(plan.status().failed()).isEqualTo(1);
    assertThat(plan.status().total()).isEqualTo(7);
    assertThat(plan.status().observedGeneration()).isEqualTo(7L);
    assertThat(plan.status().selector())
        .isEqualTo("arl.infra.io/warmpool=pool,arl.infra.io/pod-state=ready");
    assertThat(plan.status().selectors()).containsKeys("all", "unclaimed", "allocated");
    assertThat(plan.status().conditions())
        .extracting(V1Condition::getType, V1Condition::getStatus, V1Condition::getReason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Ready", "False", "PodsStarting"),
            org.assertj.core.groups.Tuple.tuple("Scaling", "True", "ScalingUp"),
            org.assertj.core.groups.Tuple.tuple("Degraded", "True", "PodsFailed"));
  }

  @Test
  void requeuesAtTheNextStartupDeadline() {
    WarmPoolPlan plan =
        WarmPoolPlanner.plan(
            pool(3)
                .startedAgo("a", Duration.ofSeconds(10))
                .startedAgo("b", Duration.ofSeconds(100))
                .observation(null));

    assertThat(plan.requeueAfter()).contains(Duration.ofSeconds(200).plusMillis(1));
    assertThat(WarmPoolPlanner.plan(pool(1).ready("a").observation(null)).requeueAfter())
        .isEqualTo(Optional.empty());
  }

  @Test
  void aFailedCreationDegradesThePool() {
    WarmPoolPlan plan =
        WarmPoolPlanner.plan(pool(1).createError("pods \"x\" is forbidden").observation(null));

    assertThat(plan.status().phase()).isEqualTo(WarmPoolPhase.DEGRADED);
    V1Condition degraded = Conditions.find(plan.status().conditions(), "Degraded");
    assertThat(degraded.getReason()).isEqualTo("PodCreateFailed");
    assertThat(degraded.getMessage()).contains("forbidden");
  }

  @Test
  void podsDeletedByThisPassStillShowAsFailed() {
    WarmPoolPlan plan =
        WarmPoolPlanner.plan(pool(2).ready("a").inFlight(1).deletedNow(0, 1).observation(null));

    assertThat(plan.status().failed()).isEqualTo(1);
    assertThat(Conditions.find(plan.status().conditions(), "Degraded").getReason())
        .isEqualTo("StartupTimeout");
  }

  @Test
  void degradedSticksUntilThePoolIsFullAgain() {
    List<V1Condition> degraded =
        WarmPoolPlanner.plan(pool(2).ready("a").inFlight(1).deletedNow(1, 0).observation(null))
            .status()
            .conditions();

    WarmPoolPlan stillShort =
        WarmPoolPlanner.plan(pool(2).ready("a").starting("b").observation(degraded));
    WarmPoolPlan full = WarmPoolPlanner.plan(pool(2).ready("a", "b").observation(degraded));

    assertThat(stillShort.status().phase()).isEqualTo(WarmPoolPhase.DEGRADED);
    assertThat(Conditions.find(stillShort.status().conditions(), "Degraded").getReason())
        .isEqualTo("PodsFailed");
    assertThat(full.status().phase()).isEqualTo(WarmPoolPhase.READY);
    assertThat(Conditions.isTrue(full.status().conditions(), "Degraded")).isFalse();
  }

  @Test
  void keepsTransitionTimesOfUnchangedConditions() {
    WarmPoolPlan first = WarmPoolPlanner.plan(pool(1).ready("a").observation(null));
    Pool later = pool(1).ready("a");
    later.now = NOW.plusSeconds(60);

    WarmPoolPlan second = WarmPoolPlanner.plan(later.observation(first.status().conditions()));

    assertThat(second.status()).isEqualTo(first.status());
  }

  private static Arguments row(
      String description,
      Pool pool,
      int toCreate,
      List<PodDeletion> toDelete,
      WarmPoolPhase phase) {
    return Arguments.of(description, pool, toCreate, toDelete, phase);
  }

  @Test
  void readyPodsThatCameBackAreKeptForTheScaleDownDelay() {
    WarmPoolPlan plan =
        WarmPoolPlanner.plan(pool(2).ready("a", "b", "c").surplusFor(null).observation(List.of()));

    assertThat(plan.toDelete()).isEmpty();
    assertThat(plan.surplus()).isTrue();
    assertThat(plan.requeueAfter()).contains(Duration.ofSeconds(10));
  }

  @Test
  void theDelayCountsFromWhenTheSurplusWasFirstSeen() {
    WarmPoolPlan waiting =
        WarmPoolPlanner.plan(
            pool(2).ready("a", "b", "c").surplusFor(Duration.ofSeconds(4)).observation(List.of()));
    WarmPoolPlan over =
        WarmPoolPlanner.plan(
            pool(2)
                .readyAgo("old", 60)
                .readyAgo("mid", 40)
                .readyAgo("young", 20)
                .surplusFor(Duration.ofSeconds(11))
                .observation(List.of()));

    assertThat(waiting.toDelete()).isEmpty();
    assertThat(waiting.requeueAfter()).contains(Duration.ofSeconds(6));
    assertThat(over.toDelete()).containsExactly(new PodDeletion("young", Reason.SCALE_DOWN));
  }

  @Test
  void startingPodsBeyondTheReplicasGoAtOnceEvenWithinTheDelay() {
    WarmPoolPlan plan =
        WarmPoolPlanner.plan(
            pool(2).ready("a", "b").starting("s").surplusFor(null).observation(List.of()));

    assertThat(plan.toDelete()).containsExactly(new PodDeletion("s", Reason.SCALE_DOWN));
  }

  private static Pool pool(int replicas) {
    return new Pool(replicas);
  }

  /** A small builder for observations. */
  static final class Pool {
    private final int replicas;
    private final List<PoolPod> pods = new ArrayList<>();
    private Integer maxUnavailable;
    private int inFlight;
    private int failedNow;
    private int stuckNow;
    private String createError;
    private Instant now = NOW;
    // Rows are about a lowered replica count unless they say the pods came back.
    private Instant surplusSince = Instant.MIN;
    private Duration scaleDownDelay = Duration.ofSeconds(10);

    Pool(int replicas) {
      this.replicas = replicas;
    }

    Pool ready(String... names) {
      return add(PodState.READY, Duration.ofSeconds(30), names);
    }

    Pool readyAgo(String name, int seconds) {
      return add(PodState.READY, Duration.ofSeconds(seconds), name);
    }

    Pool starting(String... names) {
      return add(PodState.STARTING, Duration.ofSeconds(1), names);
    }

    Pool startedAgo(String name, Duration age) {
      return add(PodState.STARTING, age, name);
    }

    Pool allocated(String... names) {
      return add(PodState.ALLOCATED, Duration.ofSeconds(60), names);
    }

    Pool failed(String... names) {
      return add(PodState.FAILED, Duration.ofSeconds(60), names);
    }

    Pool terminating(String... names) {
      return add(PodState.TERMINATING, Duration.ofSeconds(60), names);
    }

    Pool inFlight(int n) {
      inFlight = n;
      return this;
    }

    Pool deletedNow(int failed, int stuck) {
      failedNow = failed;
      stuckNow = stuck;
      return this;
    }

    Pool maxUnavailable(int n) {
      maxUnavailable = n;
      return this;
    }

    /** The surplus is of pods that came back, first seen {@code ago} (null: seen now). */
    Pool surplusFor(Duration ago) {
      surplusSince = ago == null ? null : now.minus(ago);
      return this;
    }

    Pool createError(String message) {
      createError = message;
      return this;
    }

    PoolObservation observation(List<V1Condition> previous) {
      WarmPoolSpec spec = new WarmPoolSpec(replicas, null, null, maxUnavailable, 300, null, null);
      return new PoolObservation(
          "ns",
          "pool",
          7,
          spec,
          pods,
          inFlight,
          failedNow,
          stuckNow,
          previous,
          createError,
          now,
          surplusSince,
          scaleDownDelay);
    }

    private Pool add(PodState state, Duration age, String... names) {
      for (String name : names) {
        pods.add(new PoolPod(name, state, NOW.minus(age)));
      }
      return this;
    }

    @Override
    public String toString() {
      return "pool";
    }
  }
}

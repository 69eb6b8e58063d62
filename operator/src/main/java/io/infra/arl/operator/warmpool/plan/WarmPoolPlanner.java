package io.infra.arl.operator.warmpool.plan;

import io.infra.arl.kube.Labels;
import io.infra.arl.kube.crd.WarmPoolPhase;
import io.infra.arl.kube.crd.WarmPoolSpec;
import io.infra.arl.kube.crd.WarmPoolStatus;
import io.infra.arl.operator.condition.Conditions;
import io.infra.arl.operator.condition.Conditions.Desired;
import io.infra.arl.operator.warmpool.model.PoolObservation;
import io.infra.arl.operator.warmpool.model.PoolPod;
import io.infra.arl.operator.warmpool.plan.PodDeletion.Reason;
import io.kubernetes.client.openapi.models.V1Condition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides how to keep a pool at {@code spec.replicas} ready, unclaimed pods.
 *
 * <p>Unclaimed pods = ready + starting + creations in flight (pods created but not yet in the
 * cache). Counting the in-flight creations is what keeps a storm of events from creating twice;
 * counting starting pods (Pending ones included) is what keeps a restarted operator, whose
 * in-flight memory is empty, from creating again. Failed pods and pods past their startup deadline
 * are deleted and do not count, so they are replaced. Scale-down removes starting pods first, then
 * the youngest ready ones; allocated pods are never touched. Ready pods beyond the replicas are
 * kept for the scale-down delay unless the replicas were lowered: with releasePolicy Reset they are
 * pods that came back, and deleting them while claims keep coming would churn a pod per claim.
 */
public final class WarmPoolPlanner {

  private WarmPoolPlanner() {}

  /** The plan for one observation. */
  public static WarmPoolPlan plan(PoolObservation observation) {
    WarmPoolSpec spec = observation.spec();
    Instant now = observation.now();
    Duration startupTimeout = Duration.ofSeconds(spec.startupTimeoutSecondsOrDefault());
    Buckets pods = Buckets.of(observation.pods(), now, startupTimeout);

    List<PodDeletion> deletions = new ArrayList<>();
    pods.failed.forEach(p -> deletions.add(new PodDeletion(p.name(), Reason.FAILED)));
    pods.stuck.forEach(p -> deletions.add(new PodDeletion(p.name(), Reason.STARTUP_TIMEOUT)));

    int replicas = spec.replicasOrZero();
    int starting = pods.starting.size() + observation.creationsInFlight();
    int unclaimed = pods.ready.size() + starting;
    int toCreate = 0;
    Optional<Duration> surplusWait = Optional.empty();
    if (unclaimed < replicas) {
      toCreate = replicas - unclaimed;
      if (spec.maxUnavailable() != null) {
        toCreate = Math.min(toCreate, Math.max(0, spec.maxUnavailable() - starting));
      }
    } else if (unclaimed > replicas) {
      surplusWait = surplusWait(observation);
      scaleDownVictims(pods, unclaimed - replicas, surplusWait.isEmpty())
          .forEach(p -> deletions.add(new PodDeletion(p.name(), Reason.SCALE_DOWN)));
    }

    WarmPoolStatus status = status(observation, pods, starting, toCreate, deletions);
    Optional<Duration> requeue =
        earliest(nextStartupDeadline(pods, now, startupTimeout), surplusWait);
    return new WarmPoolPlan(toCreate, deletions, status, requeue, unclaimed > replicas);
  }

  /** How much longer a surplus of ready pods is kept; empty when they may go now. */
  private static Optional<Duration> surplusWait(PoolObservation observation) {
    Instant since = observation.surplusSince();
    if (since == null) {
      return Optional.of(observation.scaleDownDelay()).filter(d -> d.isPositive());
    }
    if (since.equals(Instant.MIN)) {
      return Optional.empty();
    }
    Duration left = Duration.between(observation.now(), since.plus(observation.scaleDownDelay()));
    return left.isPositive() ? Optional.of(left) : Optional.empty();
  }

  private static Optional<Duration> earliest(Optional<Duration> a, Optional<Duration> b) {
    if (a.isEmpty()) {
      return b;
    }
    return b.isEmpty() || a.get().compareTo(b.get()) <= 0 ? a : b;
  }

  // Starting pods are the cheapest to lose; among ready ones the youngest have served least.
  private static List<PoolPod> scaleDownVictims(Buckets pods, int surplus, boolean readyToo) {
    Comparator<PoolPod> youngestFirst =
        Comparator.comparing(PoolPod::createdAt).reversed().thenComparing(PoolPod::name);
    List<PoolPod> candidates =
        new ArrayList<>(pods.starting.stream().sorted(youngestFirst).toList());
    if (readyToo) {
      candidates.addAll(pods.ready.stream().sorted(youngestFirst).toList());
    }
    return candidates.subList(0, Math.min(surplus, candidates.size()));
  }

  private static Optional<Duration> nextStartupDeadline(
      Buckets pods, Instant now, Duration startupTimeout) {
    return pods.starting.stream()
        .map(p -> p.createdAt().plus(startupTimeout))
        .min(Comparator.naturalOrder())
        .map(deadline -> Duration.between(now, deadline).plusMillis(1));
  }

  private static WarmPoolStatus status(
      PoolObservation observation,
      Buckets pods,
      int starting,
      int toCreate,
      List<PodDeletion> deletions) {
    int replicas = observation.spec().replicasOrZero();
    int ready = pods.ready.size();
    int failed =
        pods.failed.size()
            + pods.stuck.size()
            + observation.failedDeletedNow()
            + observation.stuckDeletedNow();
    int total =
        ready
            + pods.starting.size()
            + pods.allocated.size()
            + failed
            + observation.creationsInFlight();
    boolean scalingDown = deletions.stream().anyMatch(d -> d.reason() == Reason.SCALE_DOWN);
    boolean scaling = toCreate > 0 || starting > 0 || scalingDown;
    Desired degradedCondition = degradedCondition(observation, pods, ready, replicas);
    WarmPoolPhase phase =
        phase(degradedCondition.status(), scaling, ready, replicas, pods.allocated.isEmpty());
    List<Desired> desired =
        List.of(
            readyCondition(ready, replicas, starting),
            scalingCondition(toCreate, starting, scalingDown),
            degradedCondition);
    String pool = observation.name();
    return new WarmPoolStatus(
        observation.generation(),
        ready + starting,
        ready,
        pods.allocated.size(),
        total,
        starting,
        failed,
        phase,
        Conditions.merge(
            observation.previousConditions(), desired, observation.generation(), observation.now()),
        Labels.unclaimedSelector(pool),
        selectors(pool));
  }

  private static WarmPoolPhase phase(
      boolean degraded, boolean scaling, int ready, int replicas, boolean noneAllocated) {
    if (degraded) {
      return WarmPoolPhase.DEGRADED;
    }
    if (!scaling && ready == replicas) {
      return WarmPoolPhase.READY;
    }
    return ready == 0 && noneAllocated ? WarmPoolPhase.PENDING : WarmPoolPhase.SCALING;
  }

  private static Map<String, String> selectors(String pool) {
    return Map.of(
        "all", Labels.poolSelector(pool),
        "unclaimed", Labels.unclaimedSelector(pool),
        "allocated", Labels.allocatedSelector(pool));
  }

  private static Desired readyCondition(int ready, int replicas, int starting) {
    String counts = ready + "/" + replicas + " ready";
    if (ready >= replicas) {
      return new Desired(Conditions.READY, true, "PoolReady", counts);
    }
    return new Desired(
        Conditions.READY, false, starting > 0 ? "PodsStarting" : "NotEnoughPods", counts);
  }

  private static Desired scalingCondition(int toCreate, int starting, boolean scalingDown) {
    if (scalingDown) {
      return new Desired("Scaling", true, "ScalingDown", "removing surplus unclaimed pods");
    }
    if (toCreate > 0 || starting > 0) {
      return new Desired(
          "Scaling", true, "ScalingUp", starting + " starting, " + toCreate + " to create");
    }
    return new Desired("Scaling", false, "Stable", "");
  }

  // Degraded sticks until the pool is full again, so a replacement that hides a failing image
  // (stuck pods deleted and recreated every startup timeout) stays visible between the failures.
  private static Desired degradedCondition(
      PoolObservation observation, Buckets pods, int ready, int replicas) {
    if (observation.createError() != null) {
      return new Desired("Degraded", true, "PodCreateFailed", observation.createError());
    }
    int stuck = pods.stuck.size() + observation.stuckDeletedNow();
    if (stuck > 0) {
      return new Desired(
          "Degraded", true, "StartupTimeout", stuck + " pods did not become ready in time");
    }
    int failed = pods.failed.size() + observation.failedDeletedNow();
    if (failed > 0) {
      return new Desired("Degraded", true, "PodsFailed", failed + " pods failed and were replaced");
    }
    V1Condition before = Conditions.find(observation.previousConditions(), "Degraded");
    if (before != null && "True".equals(before.getStatus()) && ready < replicas) {
      return new Desired("Degraded", true, before.getReason(), before.getMessage());
    }
    return new Desired("Degraded", false, "AsExpected", "");
  }

  /** The pods sorted by what planning does with them. */
  private record Buckets(
      List<PoolPod> ready,
      List<PoolPod> starting,
      List<PoolPod> stuck,
      List<PoolPod> failed,
      List<PoolPod> allocated) {

    static Buckets of(List<PoolPod> pods, Instant now, Duration startupTimeout) {
      Buckets b =
          new Buckets(
              new ArrayList<>(),
              new ArrayList<>(),
              new ArrayList<>(),
              new ArrayList<>(),
              new ArrayList<>());
      for (PoolPod pod : pods) {
        switch (pod.state()) {
          case READY -> b.ready.add(pod);
          case STARTING -> {
            boolean late = !now.isBefore(pod.createdAt().plus(startupTimeout));
            (late ? b.stuck : b.starting).add(pod);
          }
          case FAILED -> b.failed.add(pod);
          case ALLOCATED -> b.allocated.add(pod);
          case TERMINATING -> {
            // Already going away: neither counted nor deleted again.
          }
        }
      }
      return b;
    }
  }
}

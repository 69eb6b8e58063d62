package io.infra.arl.gateway.cluster;

import io.infra.arl.gateway.pool.PoolStats;
import io.infra.arl.gateway.pool.ReadySet;
import io.infra.arl.gateway.pool.SandboxPool;
import io.infra.arl.gateway.pool.SandboxTarget;
import io.infra.arl.gateway.sidecar.SidecarChannels;
import io.infra.arl.kube.ClaimAnnotations;
import io.infra.arl.kube.PodReadiness;
import io.infra.arl.kube.SandboxIds;
import io.infra.arl.kube.crd.ReleasePolicy;
import io.infra.arl.kube.crd.WarmPoolSpec;
import io.kubernetes.client.openapi.models.V1Pod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WarmPool as this gateway sees it through the pod informer. A pod is offered while it is ready
 * (labelled ready, Running, Ready, has an IP, not terminating) and this gateway has not just taken
 * it; other gateways' claims are kept out by the lease store until the informer shows the pod
 * allocated, so informer lag never hands a pod out twice.
 *
 * <p>A Reset pod this gateway released is offered again as soon as its sidecar was reset and its
 * lease deleted, without waiting for the apiserver: until the return-to-ready write lands, the
 * informer still shows the released claim's "allocated" label, which this pool recognises by its
 * fencing token (no newer than the last claim released here) and ignores. Other gateways keep
 * seeing the pod allocated until then; they lose nothing but the pod's share of the pool.
 *
 * <p>A pod that turns ready is offered once the gateway's channel to its sidecar is connected and
 * has answered a health check (or failed to: then Bind decides), so that a claim never pays for a
 * connection; a Reset pod coming back is offered without one, its Reset having just been answered
 * on that channel. The channel is closed when the pod is deleted.
 */
final class ClusterPool implements SandboxPool {
  /** How long a pod whose sidecar failed to bind is not offered again. */
  static final Duration DISCARD_PERIOD = Duration.ofSeconds(30);

  private static final Duration WARM_UP_TIMEOUT = Duration.ofSeconds(5);
  private static final Executor OFFERS = task -> Thread.ofVirtual().name("pool-offer").start(task);

  private final String namespace;
  private final String name;
  private final PodWriter pods;
  private final Clock clock;
  private final SidecarChannels channels;
  private final Duration resetClaimWriteDelay;
  private volatile WarmPoolSpec spec;
  private final ReadySet<SandboxTarget> ready = new ReadySet<>(SandboxTarget::id);
  // Pods the informer shows ready now, offered or not: a warm-up that completes checks it is
  // current.
  private final ConcurrentHashMap<String, SandboxTarget> readyPods = new ConcurrentHashMap<>();
  // Pods whose channel this pool opened, so that it is closed with the pod.
  private final ConcurrentHashMap<String, SandboxTarget> connected = new ConcurrentHashMap<>();
  private final Set<String> allocated = ConcurrentHashMap.newKeySet();
  private final Set<String> starting = ConcurrentHashMap.newKeySet();
  private final Set<String> takenHere = ConcurrentHashMap.newKeySet();
  private final ConcurrentHashMap<String, Long> boundTokens = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Instant> discardedUntil = new ConcurrentHashMap<>();
  // What the informer showed last of each pod: a released pod is judged again from it.
  private final ConcurrentHashMap<String, V1Pod> lastSeen = new ConcurrentHashMap<>();
  // The newest fencing token of a claim released and reset here, by pod: an "allocated" label
  // that records no newer claim is stale.
  private final ConcurrentHashMap<String, Long> returnedTokens = new ConcurrentHashMap<>();
  private final List<Runnable> readyListeners = new CopyOnWriteArrayList<>();

  ClusterPool(
      String namespace,
      String name,
      WarmPoolSpec spec,
      PodWriter pods,
      Clock clock,
      SidecarChannels channels,
      Duration resetClaimWriteDelay) {
    this.namespace = namespace;
    this.name = name;
    this.spec = spec;
    this.pods = pods;
    this.clock = clock;
    this.channels = channels;
    this.resetClaimWriteDelay = resetClaimWriteDelay;
  }

  void spec(WarmPoolSpec spec) {
    this.spec = spec;
  }

  /**
   * Applies what the informer now says about one of the pool's pods. Synchronized with the
   * judgement of a released pod, so that an older view of the pod never overrides a newer one.
   */
  synchronized void podChanged(V1Pod pod) {
    judge(pod, false);
  }

  /**
   * Applies the informer's view of one pod (caller holds this pool's lock); with {@code justReset}
   * the pod's sidecar has just answered a Reset on its channel, so it is offered without a warm-up.
   */
  private void judge(V1Pod pod, boolean justReset) {
    String id = SandboxIds.of(namespace, pod.getMetadata().getName());
    if (PodReadiness.isTerminating(pod) || PodReadiness.isFinished(pod)) {
      podDeleted(pod);
      return;
    }
    lastSeen.put(id, pod);
    boolean returnedHere = PodReadiness.isAllocated(pod) && isReturnedHere(id, pod);
    if (PodReadiness.isAllocated(pod) && !returnedHere) {
      readyPods.remove(id);
      ready.remove(id);
      starting.remove(id);
      takenHere.remove(id); // the claim is visible now: the label keeps the pod out
      allocated.add(id);
      return;
    }
    allocated.remove(id);
    if (!(returnedHere || PodReadiness.isUnclaimed(pod)) || !PodReadiness.isServing(pod)) {
      readyPods.remove(id);
      ready.remove(id);
      starting.add(id);
      return;
    }
    starting.remove(id);
    SandboxTarget target = new SandboxTarget(id, name, pod.getStatus().getPodIP(), SIDECAR_PORT);
    readyPods.put(id, target);
    if (ready.get(id) != null || !offerable(id)) {
      return;
    }
    SandboxTarget before = connected.put(id, target);
    if (before != null && !before.equals(target)) {
      channels.evict(before);
    }
    // Informer threads must not wait: the pod is offered off this thread (offering serves waiting
    // claims, which make lease-store round trips), once its channel is warm. A channel that just
    // carried the pod's Reset is.
    if (justReset && target.equals(before)) {
      OFFERS.execute(() -> offer(target));
      return;
    }
    channels.warm(target, WARM_UP_TIMEOUT).whenCompleteAsync((ok, error) -> offer(target), OFFERS);
  }

  private void offer(SandboxTarget target) {
    String id = target.id();
    if (!target.equals(readyPods.get(id)) || !offerable(id)) {
      return; // changed while warming up: the latest event decided
    }
    if (ready.put(target) == null) {
      readyListeners.forEach(Runnable::run);
    }
  }

  /**
   * The WarmPool was deleted, and its pods' delete events will not be routed here any more: closes
   * their channels and makes the writer forget them.
   */
  synchronized void removed() {
    connected.values().forEach(channels::evict);
    connected.clear();
    lastSeen.values().forEach(pod -> pods.podGone(namespace, pod.getMetadata().getName()));
  }

  private boolean offerable(String id) {
    return !takenHere.contains(id) && !isDiscarded(id);
  }

  synchronized void podDeleted(V1Pod pod) {
    String id = SandboxIds.of(namespace, pod.getMetadata().getName());
    lastSeen.remove(id);
    returnedTokens.remove(id);
    pods.podGone(namespace, pod.getMetadata().getName());
    SandboxTarget target = connected.remove(id);
    if (target != null) {
      channels.evict(target);
    }
    readyPods.remove(id);
    ready.remove(id);
    allocated.remove(id);
    starting.remove(id);
    takenHere.remove(id);
    boundTokens.remove(id);
    discardedUntil.remove(id);
  }

  static final int SIDECAR_PORT = 50051;

  @Override
  public String name() {
    return name;
  }

  @Override
  public Duration defaultIdleTimeout() {
    Integer seconds = spec.idleTimeoutSeconds();
    return Duration.ofSeconds(seconds == null || seconds <= 0 ? 300 : seconds);
  }

  @Override
  public Duration defaultTtl() {
    Integer seconds = spec.ttlSeconds();
    return Duration.ofSeconds(seconds == null || seconds <= 0 ? 3600 : seconds);
  }

  @Override
  public List<SandboxTarget> candidates(int max) {
    // Gateways sample independently, so their single round trips rarely aim at the same pod.
    return ready.sample(max, ThreadLocalRandom.current());
  }

  @Override
  public Optional<SandboxTarget> claimed(String sandboxId) {
    SandboxTarget target = ready.remove(sandboxId);
    if (target == null) {
      return Optional.empty();
    }
    takenHere.add(sandboxId);
    return Optional.of(target);
  }

  /**
   * Records the claim on the pod: at once in a Delete pool, where the operator refills from it, and
   * in a Reset pool running short (fewer than half its replicas ready here), where the operator
   * must see the demand to grow it; else only once the claim has lasted {@code
   * resetClaimWriteDelay} (ADR 0029).
   */
  @Override
  public void bound(SandboxTarget target, long fencingToken) {
    boundTokens.put(target.id(), fencingToken);
    boolean headroom = ready.size() * 2 >= spec.replicasOrZero();
    Duration delay =
        spec.releasePolicyOrDefault() == ReleasePolicy.RESET && headroom
            ? resetClaimWriteDelay
            : Duration.ZERO;
    pods.markAllocated(
        namespace, podName(target), target.id(), fencingToken, lastSeen.get(target.id()), delay);
  }

  @Override
  public void release(SandboxTarget target, Runnable reset, Runnable done) {
    Long token = boundTokens.remove(target.id());
    if (spec.releasePolicyOrDefault() == ReleasePolicy.RESET && token != null) {
      pods.resetAndReturn(
          namespace,
          podName(target),
          token,
          reset,
          () -> {
            done.run();
            returned(target.id(), token);
          },
          // Not reset (being deleted, or a newer holder's): it stays taken here until the
          // informer shows it deleted or claimed by that holder.
          done);
    } else {
      pods.delete(namespace, podName(target), token == null ? 0 : token, done);
    }
  }

  /**
   * A Reset pod's sidecar was reset and its lease deleted: it is offered again now if the informer
   * last showed it serving, whatever its label says of the claim just released (the event that
   * would offer it may have come while it was taken here, or may never come).
   */
  private synchronized void returned(String id, long token) {
    returnedTokens.merge(id, token, Math::max);
    takenHere.remove(id);
    V1Pod seen = lastSeen.get(id);
    if (seen != null) {
      judge(seen, true);
    }
  }

  private boolean isReturnedHere(String id, V1Pod pod) {
    Long returned = returnedTokens.get(id);
    OptionalLong recorded = ClaimAnnotations.fencingToken(pod);
    return returned != null && recorded.isPresent() && recorded.getAsLong() <= returned;
  }

  @Override
  public void discard(SandboxTarget target) {
    ready.remove(target.id());
    takenHere.remove(target.id());
    boundTokens.remove(target.id());
    discardedUntil.put(target.id(), clock.instant().plus(DISCARD_PERIOD));
  }

  @Override
  public void onReady(Runnable listener) {
    readyListeners.add(listener);
  }

  @Override
  public PoolStats stats() {
    return new PoolStats(
        name,
        spec.replicasOrZero(),
        ready.size(),
        allocated.size() + takenHere.size(),
        starting.size());
  }

  private boolean isDiscarded(String id) {
    Instant until = discardedUntil.get(id);
    if (until == null) {
      return false;
    }
    if (clock.instant().isAfter(until)) {
      discardedUntil.remove(id);
      return false;
    }
    return true;
  }

  private String podName(SandboxTarget target) {
    return SandboxIds.parse(target.id()).orElseThrow().name();
  }
}

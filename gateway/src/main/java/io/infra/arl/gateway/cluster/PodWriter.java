package io.infra.arl.gateway.cluster;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import io.infra.arl.gateway.failure.Failure;
import io.infra.arl.gateway.failure.GatewayException;
import io.infra.arl.kube.Labels;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodList;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import io.micronaut.core.annotation.Nullable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records claims on pods, off the claim's latency path: marks a claimed pod allocated (labels and
 * annotations), deletes released pods, or resets them and offers them again. Writes run on virtual
 * threads, retried with backoff, one pod's writes in the order they were asked for (a late
 * "allocated" label must not land after the pod was labelled ready again); the lease store already
 * guards the pod while a write is in flight.
 *
 * <p>Writes are conditional on the pod's resourceVersion, taken from this writer's own last write
 * to the pod or, for its first, from the informer's copy; the pod is read from the apiserver only
 * when neither is known or the version turned out stale (409): a Reset pod going round costs two
 * patches per claim, not two reads and two patches.
 *
 * <p>A released Reset pod is handed back as soon as its sidecar was reset, not after its writes:
 * the apiserver may take far longer to write than claims take to come. Writes that a later one
 * makes pointless are skipped when their turn comes, so a pod claimed faster than its writes drain
 * costs the apiserver only the writes that still matter.
 *
 * <p>A claim's marking may be delayed ({@code arl.kubernetes.reset-claim-write-delay}, for Reset
 * pools): a claim released within the delay is then never written at all, and its return-to-ready
 * is skipped too, since nothing was marked (ADR 0029).
 */
final class PodWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PodWriter.class);

  /** How late a delayed claim write may start: its timer wakes at most this often. */
  private static final Duration DELAY_GRANULARITY = Duration.ofMillis(20);

  /** How long closing waits for the pods' queued writes to drain. */
  private static final Duration CLOSE_DRAIN_LIMIT = Duration.ofSeconds(5);

  private final GenericKubernetesApi<V1Pod, V1PodList> pods;
  private final String holder;
  private final Clock clock;
  private final ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor();
  private final ConcurrentHashMap<String, CompletableFuture<Void>> queues =
      new ConcurrentHashMap<>();
  private final SandboxRecords records;
  private final Set<String> releasedClaims = ConcurrentHashMap.newKeySet();
  private final Set<String> recordedClaims = ConcurrentHashMap.newKeySet();
  // By pod: the token of the "allocated" label this writer wrote last and has not cleared yet.
  private final ConcurrentHashMap<String, Long> markedTokens = new ConcurrentHashMap<>();
  // By pod: the newest claim asked to be marked.
  private final ConcurrentHashMap<String, Long> latestClaims = new ConcurrentHashMap<>();
  // By pod: its version as this writer's last write saw it (its own patch's answer, or what it
  // read); taken by the next write, which puts back what it sees, so a write that fails reads the
  // pod again.
  private final ConcurrentHashMap<String, PodVersion> versions = new ConcurrentHashMap<>();
  // Delayed writes not yet handed to the writers.
  private final DelayedStarts delayedStarts =
      new DelayedStarts("arl-pod-writer-delays", DELAY_GRANULARITY);
  private volatile boolean closing;

  /**
   * @param pods the pods API
   * @param holder what the lease-holder annotation says: {@code gateway/<instance id>}
   * @param records where claims are mirrored as Sandbox objects; null: not mirrored
   */
  PodWriter(
      GenericKubernetesApi<V1Pod, V1PodList> pods,
      String holder,
      Clock clock,
      @Nullable SandboxRecords records) {
    this.pods = pods;
    this.holder = holder;
    this.clock = clock;
    this.records = records;
  }

  /**
   * Labels the pod allocated and annotates the claim, unless a newer claim is already there, and
   * records the claim as a Sandbox object. A claim released before its turn in the pod's queue is
   * neither marked nor recorded: under load the writes coalesce.
   *
   * @param seen the informer's copy of the pod, a guess at its version for this writer's first
   *     write to it; null: read it
   * @param delay how long after now the write runs at the earliest (later if writes asked for
   *     earlier are still running): a claim released meanwhile is never written (ADR 0029)
   */
  void markAllocated(
      String namespace,
      String name,
      String sandboxId,
      long fencingToken,
      @Nullable V1Pod seen,
      Duration delay) {
    String claim = SandboxRecords.name(name, fencingToken);
    Instant claimedAt = clock.instant();
    latestClaims.merge(key(namespace, name), fencingToken, Math::max);
    AtomicReference<V1Pod> guess = new AtomicReference<>(seen);
    Executor after =
        delay.isZero() ? writers : notBefore(System.nanoTime() + delay.toNanos(), claim);
    submit(
        "mark allocated",
        namespace,
        name,
        after,
        () -> {
          if (releasedClaims.contains(claim)) {
            return;
          }
          PodVersion current = version(namespace, name, guess);
          if (current.claimedAfter(fencingToken)) {
            versions.put(key(namespace, name), current);
            return; // a later claim of the same pod was recorded first: leave it
          }
          JsonObject annotations = new JsonObject();
          annotations.addProperty(Labels.CLAIM_SANDBOX_ID, sandboxId);
          annotations.addProperty(Labels.CLAIM_HOLDER, holder);
          annotations.addProperty(Labels.CLAIM_FENCING_TOKEN, Long.toString(fencingToken));
          annotations.addProperty(Labels.CLAIM_CLAIMED_AT, claimedAt.toString());
          V1Pod marked = patch(namespace, name, current, Labels.POD_STATE_ALLOCATED, annotations);
          markedTokens.put(key(namespace, name), fencingToken);
          if (records != null) {
            records.claimed(marked, sandboxId, fencingToken);
            recordedClaims.add(claim);
          }
        });
  }

  /**
   * Notes that a claim was released, and deletes its Sandbox object once it is its turn (if it was
   * recorded). Called before the release's own writes are queued.
   */
  private void forgetClaim(String namespace, String name, long fencingToken) {
    String claim = SandboxRecords.name(name, fencingToken);
    releasedClaims.add(claim);
    submit(
        "delete claim record",
        namespace,
        name,
        () -> {
          releasedClaims.remove(claim);
          if (recordedClaims.remove(claim)) {
            records.released(namespace, name, fencingToken);
          }
        });
  }

  /**
   * Deletes a released pod and the record of its claim, then runs {@code afterwards}; the operator
   * creates a fresh pod.
   */
  void delete(String namespace, String name, long fencingToken, Runnable afterwards) {
    forgetClaim(namespace, name, fencingToken);
    delete(namespace, name, afterwards);
  }

  /** Forgets what was written on a pod that is gone. */
  void podGone(String namespace, String name) {
    markedTokens.remove(key(namespace, name));
    latestClaims.remove(key(namespace, name));
    versions.remove(key(namespace, name));
  }

  private void delete(String namespace, String name, Runnable afterwards) {
    inOrder(
        namespace,
        name,
        () -> {
          PodWriteRetry.run(
              "delete", namespace, name, () -> pods.delete(namespace, name).throwsApiException());
          afterwards.run();
        });
  }

  /**
   * Resets a released pod's sandbox at once (while the released lease still guards it), runs {@code
   * returned} (the pod may be claimed again from then on), and labels it ready again with the claim
   * annotations gone when its turn comes, unless that is pointless by then: the claim was never
   * marked, or a newer claim not yet released will overwrite the label (its own release clears it),
   * or one was recorded meanwhile. A sidecar that already serves a newer lease was taken over after
   * the lease expired: it is left to its new holder and {@code gone} runs. One that cannot be reset
   * is deleted, then {@code gone} runs: neither may be offered again by this gateway.
   */
  void resetAndReturn(
      String namespace,
      String name,
      long fencingToken,
      Runnable reset,
      Runnable returned,
      Runnable gone) {
    forgetClaim(namespace, name, fencingToken);
    writers.execute(
        () -> {
          try {
            reset.run();
          } catch (GatewayException e) {
            if (e.failure() == Failure.LEASE_LOST) {
              LOG.warn(
                  "Skipped reset of sandbox namespace={} pod={} fencing_token={} reason=newer lease",
                  namespace,
                  name,
                  fencingToken);
              gone.run();
              return;
            }
            deleteUnreset(namespace, name, e, gone);
            return;
          } catch (RuntimeException e) {
            deleteUnreset(namespace, name, e, gone);
            return;
          }
          // Queued before the pod can be claimed again, so that it precedes the next claim's
          // writes.
          submit(
              "return to pool", namespace, name, () -> returnToPool(namespace, name, fencingToken));
          returned.run();
        });
  }

  private void deleteUnreset(String namespace, String name, RuntimeException e, Runnable gone) {
    LOG.warn(
        "Failed to reset sandbox namespace={} pod={} error={}; deleting it",
        namespace,
        name,
        e.getMessage());
    delete(namespace, name, gone);
  }

  private void returnToPool(String namespace, String name, long fencingToken) throws ApiException {
    String key = key(namespace, name);
    Long latest = latestClaims.get(key);
    boolean superseded =
        latest != null
            && latest > fencingToken
            && !releasedClaims.contains(SandboxRecords.name(name, latest));
    if (superseded || !markedTokens.containsKey(key)) {
      return;
    }
    markReady(namespace, name, fencingToken);
    markedTokens.remove(key);
  }

  private void markReady(String namespace, String name, long fencingToken) throws ApiException {
    PodVersion current = version(namespace, name, new AtomicReference<>());
    if (current.claimedAfter(fencingToken)) {
      versions.put(key(namespace, name), current);
      return; // claimed again since (its lease expired meanwhile): the new claim's labels stay
    }
    JsonObject cleared = new JsonObject();
    for (String key :
        new String[] {
          Labels.CLAIM_SANDBOX_ID,
          Labels.CLAIM_HOLDER,
          Labels.CLAIM_FENCING_TOKEN,
          Labels.CLAIM_CLAIMED_AT
        }) {
      cleared.add(key, JsonNull.INSTANCE);
    }
    patch(namespace, name, current, Labels.POD_STATE_READY, cleared);
  }

  /**
   * The pod's version for a conditional write: this writer's last (taken: a write that fails leaves
   * none), else, on a write's first attempt only, the informer's {@code guess}, else read. So the
   * retry after a conflict always reads.
   */
  private PodVersion version(String namespace, String name, AtomicReference<V1Pod> guess)
      throws ApiException {
    V1Pod seen = guess.getAndSet(null);
    PodVersion known = versions.remove(key(namespace, name));
    if (known != null) {
      return known;
    }
    if (seen != null) {
      return PodVersion.of(seen);
    }
    return PodVersion.of(pods.get(namespace, name).throwsApiException().getObject());
  }

  /** Patches the pod's state label and annotations if it is still at {@code version}. */
  private V1Pod patch(
      String namespace, String name, PodVersion version, String state, JsonObject annotations)
      throws ApiException {
    JsonObject metadata = new JsonObject();
    if (version.resourceVersion() != null) {
      // 409 if the pod changed meanwhile
      metadata.addProperty("resourceVersion", version.resourceVersion());
    }
    JsonObject labels = new JsonObject();
    labels.addProperty(Labels.POD_STATE, state);
    metadata.add("labels", labels);
    metadata.add("annotations", annotations);
    JsonObject body = new JsonObject();
    body.add("metadata", metadata);
    V1Pod patched =
        pods.patch(
                namespace,
                name,
                V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
                new V1Patch(body.toString()))
            .throwsApiException()
            .getObject();
    versions.put(key(namespace, name), PodVersion.of(patched));
    return patched;
  }

  private void submit(String what, String namespace, String name, PodWriteRetry.Write write) {
    submit(what, namespace, name, writers, write);
  }

  private void submit(
      String what, String namespace, String name, Executor executor, PodWriteRetry.Write write) {
    inOrder(namespace, name, executor, () -> PodWriteRetry.run(what, namespace, name, write));
  }

  /**
   * Runs tasks on the writers' threads, but not before {@code dueNanos} ({@link
   * System#nanoTime()}): a task whose turn comes later runs at once, so the pod's later writes
   * never wait for more than what is left of the delay. A task that comes due after its {@code
   * claim} was released only skips its write, so it runs right away on the timer's thread instead.
   * Once closing, tasks run at once, and {@link #close()} starts those still waiting: nothing
   * queued behind a delayed write is left unrun.
   */
  private Executor notBefore(long dueNanos, String claim) {
    return task -> {
      if (closing || dueNanos - System.nanoTime() <= 0) {
        writers.execute(task);
        return;
      }
      delayedStarts.at(
          dueNanos,
          () -> {
            if (releasedClaims.contains(claim)) {
              task.run(); // returns at once: "delete claim record" is queued behind it
            } else {
              writers.execute(task);
            }
          });
    };
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  /** Runs {@code task} after every task asked for earlier on the same pod. */
  private void inOrder(String namespace, String name, Runnable task) {
    inOrder(namespace, name, writers, task);
  }

  /**
   * Runs {@code task} on {@code executor} after every task asked for earlier on the same pod; tasks
   * asked for later wait for it (a delayed task delays them).
   */
  private void inOrder(String namespace, String name, Executor executor, Runnable task) {
    String key = key(namespace, name);
    CompletableFuture<Void> next =
        queues.compute(
            key,
            (k, tail) ->
                tail == null
                    ? CompletableFuture.runAsync(task, executor)
                    : tail.exceptionally(e -> null).thenRunAsync(task, executor));
    next.whenComplete((ignored, error) -> queues.remove(key, next));
  }

  private void drainQueues() {
    CompletableFuture<?>[] tails = queues.values().toArray(CompletableFuture<?>[]::new);
    try {
      CompletableFuture.allOf(tails)
          .exceptionally(e -> null)
          .get(CLOSE_DRAIN_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("Closing with pod writes still queued pods={}", queues.size());
    }
  }

  @Override
  public void close() {
    closing = true;
    delayedStarts.close();
    // Writes chained behind the delayed ones reach the writers only once those are done.
    drainQueues();
    writers.shutdown();
    try {
      writers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

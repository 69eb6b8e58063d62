package io.infra.arl.loadtest.kube;

import io.infra.arl.kube.Labels;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Pod;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * A claim done the usual Kubernetes way, with the official client: list the pool's ready pods by
 * label selector, then win one by replacing it with {@code pod-state=allocated} and its
 * resourceVersion (an optimistic compare-and-swap: 409 Conflict when someone else changed it first,
 * then the next candidate is tried; a fresh list when all of them conflicted). Release writes the
 * label back the same way. Blocking; run it on virtual threads.
 */
public final class KubeClaimer {
  private final CoreV1Api core;
  private final String namespace;
  private final String readySelector;
  private final LongAdder conflicts = new LongAdder();
  private final LongAdder lists = new LongAdder();

  /**
   * @param client the apiserver client
   * @param namespace where the pool's pods are
   * @param pool the pool's name (label {@code arl.infra.io/warmpool})
   */
  public KubeClaimer(ApiClient client, String namespace, String pool) {
    this.core = new CoreV1Api(client);
    this.namespace = namespace;
    this.readySelector =
        Labels.WARMPOOL + "=" + pool + "," + Labels.POD_STATE + "=" + Labels.POD_STATE_READY;
  }

  /**
   * Claims a ready pod and returns it as stored after the winning update.
   *
   * @throws IllegalStateException when no pod could be won within {@code timeout}
   */
  public V1Pod claim(Duration timeout) throws ApiException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      List<V1Pod> ready = new ArrayList<>(listReady());
      Collections.shuffle(ready, ThreadLocalRandom.current());
      for (V1Pod candidate : ready) {
        if (System.nanoTime() >= deadline) {
          break;
        }
        Optional<V1Pod> won = trySetState(candidate, Labels.POD_STATE_ALLOCATED);
        if (won.isPresent()) {
          return won.get();
        }
      }
    }
    throw new IllegalStateException("no ready pod could be claimed within " + timeout);
  }

  /** Puts a claimed pod back to ready (re-reading it after a conflict). */
  public void release(V1Pod claimed) throws ApiException {
    V1Pod current = claimed;
    while (trySetState(current, Labels.POD_STATE_READY).isEmpty()) {
      current = core.readNamespacedPod(claimed.getMetadata().getName(), namespace).execute();
    }
  }

  /** Updates that lost the compare-and-swap so far. */
  public long conflicts() {
    return conflicts.sum();
  }

  /** List calls made so far. */
  public long lists() {
    return lists.sum();
  }

  private List<V1Pod> listReady() throws ApiException {
    lists.increment();
    return core.listNamespacedPod(namespace).labelSelector(readySelector).execute().getItems();
  }

  // The object carries the resourceVersion it was read at: the apiserver refuses the update with
  // 409 if the pod changed since, which is what makes this a compare-and-swap.
  private Optional<V1Pod> trySetState(V1Pod pod, String state) throws ApiException {
    pod.getMetadata().putLabelsItem(Labels.POD_STATE, state);
    try {
      return Optional.of(
          core.replaceNamespacedPod(pod.getMetadata().getName(), namespace, pod).execute());
    } catch (ApiException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        conflicts.increment();
        return Optional.empty();
      }
      throw e;
    }
  }
}

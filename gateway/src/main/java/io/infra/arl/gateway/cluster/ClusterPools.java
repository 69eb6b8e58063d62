package io.infra.arl.gateway.cluster;

import io.infra.arl.gateway.pool.PoolRegistry;
import io.infra.arl.gateway.sidecar.SidecarChannels;
import io.infra.arl.kube.Labels;
import io.infra.arl.kube.crd.WarmPool;
import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.openapi.models.V1Pod;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the pool registry in step with the cluster: a {@link ClusterPool} per WarmPool, fed by pod
 * events routed by the pool label. Informer callbacks arrive on the informers' threads.
 */
final class ClusterPools {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterPools.class);

  private final PoolRegistry registry;
  private final PodWriter writer;
  private final Clock clock;
  private final SidecarChannels channels;
  private final Duration resetClaimWriteDelay;
  private final Map<String, ClusterPool> pools = new ConcurrentHashMap<>();
  private final Map<String, V1Pod> orphans = new ConcurrentHashMap<>();

  /**
   * @param registry where pools are registered and removed
   * @param writer the pods' writer, shared by the pools
   * @param clock for discard periods
   * @param channels the sidecars' channels
   * @param resetClaimWriteDelay how long a claim on a Reset pool waits before it is written
   */
  ClusterPools(
      PoolRegistry registry,
      PodWriter writer,
      Clock clock,
      SidecarChannels channels,
      Duration resetClaimWriteDelay) {
    this.registry = registry;
    this.writer = writer;
    this.clock = clock;
    this.channels = channels;
    this.resetClaimWriteDelay = resetClaimWriteDelay;
  }

  ResourceEventHandler<WarmPool> warmPoolHandler() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(WarmPool pool) {
        upsert(pool);
      }

      @Override
      public void onUpdate(WarmPool before, WarmPool after) {
        upsert(after);
      }

      @Override
      public void onDelete(WarmPool pool, boolean finalStateUnknown) {
        String name = pool.getMetadata().getName();
        ClusterPool removed = pools.remove(key(pool.getMetadata().getNamespace(), name));
        if (removed != null) {
          registry.remove(name);
          removed.removed();
          LOG.info("Removed pool pool={}", name);
        }
      }
    };
  }

  ResourceEventHandler<V1Pod> podHandler() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(V1Pod pod) {
        route(pod, false);
      }

      @Override
      public void onUpdate(V1Pod before, V1Pod after) {
        route(after, false);
      }

      @Override
      public void onDelete(V1Pod pod, boolean finalStateUnknown) {
        route(pod, true);
      }
    };
  }

  private void upsert(WarmPool warmPool) {
    String namespace = warmPool.getMetadata().getNamespace();
    String name = warmPool.getMetadata().getName();
    ClusterPool existing = pools.get(key(namespace, name));
    if (existing != null) {
      existing.spec(warmPool.spec());
      return;
    }
    ClusterPool pool =
        new ClusterPool(
            namespace, name, warmPool.spec(), writer, clock, channels, resetClaimWriteDelay);
    pools.put(key(namespace, name), pool);
    registry.put(pool);
    LOG.info("Added pool namespace={} pool={}", namespace, name);
    // Pods seen before their WarmPool (informers start in any order) join it now.
    orphans.values().stream()
        .filter(p -> belongsTo(p, namespace, name))
        .toList()
        .forEach(
            p -> {
              orphans.remove(podKey(p));
              pool.podChanged(p);
            });
  }

  private void route(V1Pod pod, boolean deleted) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    String poolName = labels == null ? null : labels.get(Labels.WARMPOOL);
    if (poolName == null) {
      return;
    }
    ClusterPool pool = pools.get(key(pod.getMetadata().getNamespace(), poolName));
    if (pool == null) {
      if (deleted) {
        orphans.remove(podKey(pod));
      } else {
        orphans.put(podKey(pod), pod);
      }
      return;
    }
    if (deleted) {
      pool.podDeleted(pod);
    } else {
      pool.podChanged(pod);
    }
  }

  private static boolean belongsTo(V1Pod pod, String namespace, String pool) {
    return namespace.equals(pod.getMetadata().getNamespace())
        && pool.equals(pod.getMetadata().getLabels().get(Labels.WARMPOOL));
  }

  private static String podKey(V1Pod pod) {
    return key(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }
}

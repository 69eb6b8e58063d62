package io.infra.arl.gateway.cluster;

import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running informers of the Kubernetes backend, stopped with the gateway. */
public final class ClusterInformers implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterInformers.class);

  private final SharedInformerFactory factory;
  private final List<SharedIndexInformer<?>> informers;
  private final PodWriter writer;

  ClusterInformers(
      SharedInformerFactory factory, List<SharedIndexInformer<?>> informers, PodWriter writer) {
    this.factory = factory;
    this.informers = List.copyOf(informers);
    this.writer = writer;
  }

  /** Waits until every informer has listed once, so the first claims see the pools. */
  void awaitSynced(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!informers.stream().allMatch(SharedIndexInformer::hasSynced)) {
      if (System.nanoTime() > deadline) {
        LOG.warn("Started before informers synced timeout={}", timeout);
        return;
      }
      try {
        TimeUnit.MILLISECONDS.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void close() {
    factory.stopAllRegisteredInformers();
    writer.close();
  }
}

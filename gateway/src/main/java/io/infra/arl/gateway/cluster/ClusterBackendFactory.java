package io.infra.arl.gateway.cluster;

import io.infra.arl.gateway.config.GatewayIdentity;
import io.infra.arl.gateway.pool.PoolRegistry;
import io.infra.arl.gateway.sidecar.SidecarChannels;
import io.infra.arl.kube.LabelledListerWatcher;
import io.infra.arl.kube.Labels;
import io.infra.arl.kube.crd.ArlResources;
import io.infra.arl.kube.crd.WarmPool;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the Kubernetes backend ({@code arl.backend=kubernetes}): a pod informer (pool pods only)
 * and a WarmPool informer per served namespace, feeding {@link ClusterPools}. The registry starts
 * empty and fills as the informers sync; claims before that wait like claims on an empty pool.
 */
@Factory
@Requires(property = "arl.backend", value = "kubernetes")
public class ClusterBackendFactory {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterBackendFactory.class);
  private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(30);

  @Singleton
  ApiClient apiClient(ClusterConfig config) {
    try {
      ApiClient client;
      if (config.kubeconfig() != null) {
        try (Reader reader = Files.newBufferedReader(config.kubeconfig())) {
          client = ClientBuilder.kubeconfig(KubeConfig.loadKubeConfig(reader)).build();
        }
      } else {
        client = ClientBuilder.standard().build();
      }
      // Watches stay open for minutes: no read timeout, or they would be cut every few seconds.
      client.setReadTimeout(0);
      return client;
    } catch (IOException e) {
      throw new UncheckedIOException("could not load Kubernetes client configuration", e);
    }
  }

  @Singleton
  PoolRegistry poolRegistry() {
    return new PoolRegistry(List.of());
  }

  @Context
  @Bean(preDestroy = "close")
  ClusterInformers informers(
      ApiClient client,
      ClusterConfig config,
      PoolRegistry registry,
      GatewayIdentity identity,
      Clock clock,
      SidecarChannels channels) {
    PodWriter writer =
        new PodWriter(
            ArlResources.pods(client),
            Labels.HOLDER_GATEWAY_PREFIX + identity.id(),
            clock,
            config.sandboxRecords()
                ? new SandboxRecords(client, Labels.HOLDER_GATEWAY_PREFIX + identity.id(), clock)
                : null);
    ClusterPools pools =
        new ClusterPools(registry, writer, clock, channels, config.resetClaimWriteDelay());
    SharedInformerFactory factory = new SharedInformerFactory(client);
    List<SharedIndexInformer<?>> all = new ArrayList<>();
    for (String namespace : config.namespaces()) {
      SharedIndexInformer<WarmPool> warmPools =
          factory.sharedIndexInformerFor(
              new LabelledListerWatcher<>(ArlResources.warmPools(client), namespace, null),
              WarmPool.class,
              0,
              ClusterBackendFactory::listFailed);
      warmPools.addEventHandler(pools.warmPoolHandler());
      all.add(warmPools);
      SharedIndexInformer<V1Pod> pods =
          factory.sharedIndexInformerFor(
              new LabelledListerWatcher<>(ArlResources.pods(client), namespace, Labels.WARMPOOL),
              V1Pod.class,
              0,
              ClusterBackendFactory::listFailed);
      pods.addEventHandler(pools.podHandler());
      all.add(pods);
    }
    factory.startAllRegisteredInformers();
    ClusterInformers informers = new ClusterInformers(factory, all, writer);
    informers.awaitSynced(SYNC_TIMEOUT);
    LOG.info("Started Kubernetes backend namespaces={}", config.namespaces());
    return informers;
  }

  private static void listFailed(Class<?> type, Throwable error) {
    LOG.warn("Failed list or watch resource={} error={}", type.getSimpleName(), error.toString());
  }
}

package io.infra.arl.gateway.cluster;

import io.infra.arl.testing.kube.KubeApiServerExtension;
import io.infra.arl.testing.redis.RedisServerExtension;
import java.util.Map;

/** Properties of a gateway under test with the Kubernetes backend on the test's apiserver. */
final class ClusterGatewayProperties {
  private ClusterGatewayProperties() {}

  /**
   * @param kube the test's apiserver
   * @param redis the test's redis-server (leases)
   * @param namespace the namespace the gateway serves
   * @param instance the gateway's instance id
   */
  static Map<String, Object> of(
      KubeApiServerExtension kube, RedisServerExtension redis, String namespace, String instance) {
    return Map.of(
        "arl.backend",
        "kubernetes",
        "arl.kubernetes.namespaces",
        namespace,
        "arl.kubernetes.kubeconfig",
        kube.kubeconfigPath().toString(),
        "arl.redis.uri",
        redis.uri(),
        "arl.gateway.instance-id",
        instance);
  }
}

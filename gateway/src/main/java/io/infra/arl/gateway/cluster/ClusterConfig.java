package io.infra.arl.gateway.cluster;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.nio.file.Path;
import java.util.List;

/**
 * Settings of the Kubernetes backend ({@code arl.backend=kubernetes}), under {@value #PREFIX}.
 *
 * @param namespaces namespaces whose WarmPools and pods this gateway serves
 * @param kubeconfig a kubeconfig file; unset means in-cluster config (service account), falling
 *     back to {@code ~/.kube/config}
 * @param sandboxRecords whether claims are mirrored as Sandbox objects ({@code kubectl get sb});
 *     two to three more apiserver writes per claim, off the claim's latency path
 */
@ConfigurationProperties(ClusterConfig.PREFIX)
public record ClusterConfig(
    @Bindable(defaultValue = "default") List<String> namespaces,
    @Nullable Path kubeconfig,
    @Bindable(defaultValue = "true") boolean sandboxRecords) {
  public static final String PREFIX = "arl.kubernetes";
}

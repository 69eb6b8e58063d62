package io.infra.arl.gateway.cluster;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Settings of the Kubernetes backend ({@code arl.backend=kubernetes}), under {@value #PREFIX}.
 *
 * @param namespaces namespaces whose WarmPools and pods this gateway serves
 * @param kubeconfig a kubeconfig file; unset means in-cluster config (service account), falling
 *     back to {@code ~/.kube/config}
 * @param sandboxRecords whether claims are mirrored as Sandbox objects ({@code kubectl get sb});
 *     two to three more apiserver writes per claim, off the claim's latency path
 * @param resetClaimWriteDelay how long a claim on a {@code Reset} pool waits before it is written
 *     to the apiserver (allocated label, Sandbox object); a claim released sooner is never written
 *     (ADR 0029). Zero writes every claim at once; {@code Delete} pools always do.
 */
@ConfigurationProperties(ClusterConfig.PREFIX)
public record ClusterConfig(
    @Bindable(defaultValue = "default") List<String> namespaces,
    @Nullable Path kubeconfig,
    @Bindable(defaultValue = "true") boolean sandboxRecords,
    @Bindable(defaultValue = "1s") Duration resetClaimWriteDelay) {
  public static final String PREFIX = "arl.kubernetes";

  public ClusterConfig {
    if (resetClaimWriteDelay.isNegative()) {
      throw new IllegalArgumentException(
          PREFIX
              + ".reset-claim-write-delay: "
              + resetClaimWriteDelay
              + " (expected: >= 0, e.g. 1s; 0 writes every claim at once)");
    }
  }
}

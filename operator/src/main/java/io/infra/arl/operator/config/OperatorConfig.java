package io.infra.arl.operator.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;
import java.util.List;

/**
 * Operator settings, under {@value #PREFIX}. Every key has a default; see operator/README.md.
 *
 * @param namespace the one namespace to watch; empty watches all namespaces
 * @param workers reconcile threads per controller
 * @param leaseTtl lifetime of the leases of kubectl claims (Sandbox objects) without renewal; they
 *     are renewed every third of it
 * @param reapGrace how long an allocated pod may have no live lease before it is deleted (covers a
 *     holder that released its lease and is about to delete or reset the pod)
 * @param sidecarCallTimeout deadline of unary sidecar calls (bind, reset, file writes)
 * @param sidecarImage the image whose init container installs the sidecar runtime into each pod
 * @param sidecarImagePullPolicy pull policy of that init container
 * @param sidecarInstallCommand the init container's command; it must copy the self-contained
 *     runtime into {@code /arl} so that {@code /arl/bin/arl-sidecar} exists
 * @param leaderElection whether to run only while holding the Lease {@code leaderElectionLease}
 * @param leaderElectionLease name of the coordination.k8s.io Lease
 * @param leaderElectionNamespace namespace of that Lease; empty: {@code POD_NAMESPACE}, else the
 *     watched namespace, else {@code default}
 * @param scaleDownDelay how long a pool keeps ready pods beyond its replicas when they came back
 *     (releasePolicy Reset) rather than from a lower replica count: claims under load would
 *     otherwise make the operator create a pod per claim and delete one per return
 */
@ConfigurationProperties(OperatorConfig.PREFIX)
public record OperatorConfig(
    @Bindable(defaultValue = "") String namespace,
    @Bindable(defaultValue = "2") int workers,
    @Bindable(defaultValue = "30s") Duration leaseTtl,
    @Bindable(defaultValue = "10s") Duration reapGrace,
    @Bindable(defaultValue = "10s") Duration sidecarCallTimeout,
    @Bindable(defaultValue = "ghcr.io/arl-infra/sidecar:0.1.0") String sidecarImage,
    @Bindable(defaultValue = "IfNotPresent") String sidecarImagePullPolicy,
    @Bindable(defaultValue = "/opt/arl/bin/arl-install,/arl") List<String> sidecarInstallCommand,
    @Bindable(defaultValue = "true") boolean leaderElection,
    @Bindable(defaultValue = "arl-operator") String leaderElectionLease,
    @Bindable(defaultValue = "") String leaderElectionNamespace,
    @Bindable(defaultValue = "10s") Duration scaleDownDelay) {

  /** The configuration prefix. */
  public static final String PREFIX = "arl.operator";

  /** The defaults, for code that runs without Micronaut (tests). */
  public static OperatorConfig defaults() {
    return new OperatorConfig(
        "",
        2,
        Duration.ofSeconds(30),
        Duration.ofSeconds(10),
        Duration.ofSeconds(10),
        "ghcr.io/arl-infra/sidecar:0.1.0",
        "IfNotPresent",
        List.of("/opt/arl/bin/arl-install", "/arl"),
        true,
        "arl-operator",
        "",
        Duration.ofSeconds(10));
  }

  /** This config watching only {@code ns}. */
  public OperatorConfig withNamespace(String ns) {
    return new OperatorConfig(
        ns,
        workers,
        leaseTtl,
        reapGrace,
        sidecarCallTimeout,
        sidecarImage,
        sidecarImagePullPolicy,
        sidecarInstallCommand,
        leaderElection,
        leaderElectionLease,
        leaderElectionNamespace,
        scaleDownDelay);
  }

  /** This config with leader election on or off. */
  public OperatorConfig withLeaderElection(boolean enabled) {
    return new OperatorConfig(
        namespace,
        workers,
        leaseTtl,
        reapGrace,
        sidecarCallTimeout,
        sidecarImage,
        sidecarImagePullPolicy,
        sidecarInstallCommand,
        enabled,
        leaderElectionLease,
        leaderElectionNamespace,
        scaleDownDelay);
  }

  /** This config with other lease timings. */
  public OperatorConfig withLeases(Duration ttl, Duration grace) {
    return new OperatorConfig(
        namespace,
        workers,
        ttl,
        grace,
        sidecarCallTimeout,
        sidecarImage,
        sidecarImagePullPolicy,
        sidecarInstallCommand,
        leaderElection,
        leaderElectionLease,
        leaderElectionNamespace,
        scaleDownDelay);
  }
}

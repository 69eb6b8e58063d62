package io.infra.arl.operator.warmpool.reconcile;

import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1Capabilities;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1PodSecurityContext;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1ResourceRequirements;
import io.kubernetes.client.openapi.models.V1SeccompProfile;
import io.kubernetes.client.openapi.models.V1SecurityContext;
import java.util.List;
import java.util.Map;

/**
 * Hardened defaults for sandbox pods, applied only where the WarmPool template says nothing, so a
 * template can always opt out field by field: no service-account token, seccomp RuntimeDefault,
 * containers non-root (uid {@value #SANDBOX_UID}) without privilege escalation and with every
 * capability dropped, and resource limits (including ephemeral storage for the workspace).
 */
final class PodHardening {
  /** The uid sandbox containers run as unless the template sets one. */
  static final long SANDBOX_UID = 65532;

  static final Map<String, Quantity> DEFAULT_LIMITS =
      Map.of(
          "cpu", Quantity.fromString("1"),
          "memory", Quantity.fromString("1Gi"),
          "ephemeral-storage", Quantity.fromString("2Gi"));
  static final Map<String, Quantity> DEFAULT_REQUESTS =
      Map.of(
          "cpu", Quantity.fromString("100m"),
          "memory", Quantity.fromString("128Mi"),
          "ephemeral-storage", Quantity.fromString("256Mi"));

  private PodHardening() {}

  /** Fills the unset security and resource fields of {@code spec} (in place) and returns it. */
  static V1PodSpec apply(V1PodSpec spec) {
    if (spec.getAutomountServiceAccountToken() == null) {
      spec.automountServiceAccountToken(false); // sandboxed code never talks to the apiserver
    }
    V1PodSecurityContext pod = spec.getSecurityContext();
    if (pod == null) {
      pod = new V1PodSecurityContext();
      spec.securityContext(pod);
    }
    if (pod.getSeccompProfile() == null) {
      pod.seccompProfile(new V1SeccompProfile().type("RuntimeDefault"));
    }
    if (pod.getFsGroup() == null) {
      pod.fsGroup(SANDBOX_UID); // the workspace volume stays writable for the non-root user
    }
    spec.getContainers().forEach(PodHardening::harden);
    if (spec.getInitContainers() != null) {
      spec.getInitContainers().forEach(PodHardening::harden);
    }
    return spec;
  }

  private static void harden(V1Container container) {
    if (container.getSecurityContext() == null) {
      container.securityContext(
          new V1SecurityContext()
              .runAsNonRoot(true)
              .runAsUser(SANDBOX_UID)
              .runAsGroup(SANDBOX_UID)
              .allowPrivilegeEscalation(false)
              .privileged(false)
              .capabilities(new V1Capabilities().drop(List.of("ALL"))));
    }
    V1ResourceRequirements resources = container.getResources();
    if (resources == null) {
      resources = new V1ResourceRequirements();
      container.resources(resources);
    }
    if (resources.getLimits() == null || resources.getLimits().isEmpty()) {
      resources.limits(DEFAULT_LIMITS);
    }
    if (resources.getRequests() == null || resources.getRequests().isEmpty()) {
      resources.requests(DEFAULT_REQUESTS);
    }
  }
}

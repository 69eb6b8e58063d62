package io.infra.arl.operator.warmpool.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1SecurityContext;
import org.junit.jupiter.api.Test;

class PodHardeningTest {

  @Test
  void unsetFieldsGetHardenedDefaults() {
    V1PodSpec spec =
        PodHardening.apply(
            new V1PodSpec()
                .addContainersItem(new V1Container().name("executor").image("python:3.9-slim")));

    assertThat(spec.getAutomountServiceAccountToken()).isFalse();
    assertThat(spec.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    V1Container executor = spec.getContainers().get(0);
    assertThat(executor.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(executor.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(executor.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(executor.getResources().getLimits())
        .containsKeys("cpu", "memory", "ephemeral-storage");
  }

  @Test
  void whatTheTemplateSetsIsKept() {
    V1SecurityContext own = new V1SecurityContext().runAsUser(0L);
    V1PodSpec spec =
        PodHardening.apply(
            new V1PodSpec()
                .automountServiceAccountToken(true)
                .addContainersItem(new V1Container().name("executor").securityContext(own)));

    assertThat(spec.getAutomountServiceAccountToken()).isTrue();
    assertThat(spec.getContainers().get(0).getSecurityContext()).isSameAs(own);
  }
}

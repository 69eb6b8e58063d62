package io.infra.arl.operator.warmpool.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.infra.arl.kube.Labels;
import io.infra.arl.kube.crd.WarmPool;
import io.infra.arl.kube.crd.WarmPoolSpec;
import io.infra.arl.operator.config.OperatorConfig;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1EmptyDirVolumeSource;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PoolPodBuilderTest {

  private final PoolPodBuilder builder = new PoolPodBuilder(OperatorConfig.defaults());

  @Test
  void executorRunsTheSidecarInTheUsersImage() {
    V1Pod pod = builder.build(quickStartPool(), "python-pool-abcde");
    V1Container executor = PoolPodBuilder.executor(pod.getSpec());

    assertThat(executor.getName()).isEqualTo("executor");
    assertThat(executor.getImage()).isEqualTo("python:3.9-slim");
    assertThat(executor.getCommand()).containsExactly("/arl/bin/arl-sidecar");
    assertThat(executor.getArgs()).isNull();
    assertThat(executor.getEnv())
        .extracting(V1EnvVar::getName, V1EnvVar::getValue)
        .contains(
            org.assertj.core.groups.Tuple.tuple("ARL_WORKSPACE", "/workspace"),
            org.assertj.core.groups.Tuple.tuple("ARL_SIDECAR_PORT", "50051"));
    assertThat(executor.getPorts())
        .anySatisfy(p -> assertThat(p.getContainerPort()).isEqualTo(50051));
    assertThat(executor.getReadinessProbe().getGrpc().getPort()).isEqualTo(50051);
    assertThat(executor.getReadinessProbe().getGrpc().getService()).isEmpty();
    assertThat(executor.getVolumeMounts())
        .extracting(V1VolumeMount::getName, V1VolumeMount::getMountPath)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("workspace", "/workspace"),
            org.assertj.core.groups.Tuple.tuple("arl-runtime", "/arl"));
  }

  @Test
  void initContainerInstallsTheRuntimeIntoASharedVolume() {
    V1PodSpec spec = builder.build(quickStartPool(), "python-pool-abcde").getSpec();

    V1Container install = spec.getInitContainers().getFirst();
    assertThat(install.getName()).isEqualTo("arl-sidecar-install");
    assertThat(install.getImage()).isEqualTo(OperatorConfig.defaults().sidecarImage());
    assertThat(install.getCommand()).containsExactly("/opt/arl/bin/arl-install", "/arl");
    assertThat(install.getVolumeMounts().getFirst().getMountPath()).isEqualTo("/arl");
    assertThat(spec.getVolumes())
        .extracting(V1Volume::getName)
        .containsExactly("workspace", "arl-runtime");
    assertThat(spec.getOverhead()).isNull();
  }

  @Test
  void addsAWorkspaceVolumeWhenTheTemplateHasNone() {
    WarmPool pool =
        pool(new V1PodSpec().containers(List.of(new V1Container().name("main").image("node:22"))));

    V1PodSpec spec = builder.build(pool, "p-abcde").getSpec();

    assertThat(PoolPodBuilder.executor(spec).getVolumeMounts())
        .extracting(V1VolumeMount::getName, V1VolumeMount::getMountPath)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("arl-workspace", "/workspace"),
            org.assertj.core.groups.Tuple.tuple("arl-runtime", "/arl"));
  }

  @Test
  void templateMetadataPassesThroughAndPoolLabelsAreAdded() {
    WarmPool pool = quickStartPool();
    pool.spec()
        .template()
        .metadata(
            new V1ObjectMeta()
                .labels(Map.of("sidecar.istio.io/inject", "true", "kueue.x-k8s.io/queue-name", "q"))
                .annotations(Map.of("vault.hashicorp.com/agent-inject", "true")));

    V1Pod pod = builder.build(pool, "python-pool-abcde");

    assertThat(pod.getMetadata().getLabels())
        .containsEntry("sidecar.istio.io/inject", "true")
        .containsEntry("kueue.x-k8s.io/queue-name", "q")
        .containsEntry(Labels.WARMPOOL, "python-pool")
        .containsEntry(Labels.POD_STATE, Labels.POD_STATE_READY)
        .containsEntry(Labels.MANAGED_BY, Labels.MANAGED_BY_OPERATOR);
    assertThat(pod.getMetadata().getAnnotations())
        .containsEntry("vault.hashicorp.com/agent-inject", "true");
    assertThat(pod.getMetadata().getOwnerReferences().getFirst().getKind()).isEqualTo("WarmPool");
    assertThat(pod.getMetadata().getOwnerReferences().getFirst().getController()).isTrue();
    assertThat(pod.getMetadata().getOwnerReferences().getFirst().getUid()).isEqualTo("uid-1");
  }

  @Test
  void theTemplateItselfIsNotModified() {
    WarmPool pool = quickStartPool();

    builder.build(pool, "python-pool-abcde");

    assertThat(PoolPodBuilder.executor(pool.spec().template().getSpec()).getCommand())
        .containsExactly("sleep", "infinity");
  }

  @Test
  void namesArePoolPlusFiveCharacters() {
    assertThat(builder.newName("python-pool")).matches("python-pool-[a-z0-9]{5}");
    assertThat(builder.newName("p")).isNotEqualTo(builder.newName("p"));
  }

  private static WarmPool quickStartPool() {
    return pool(
        new V1PodSpec()
            .containers(
                List.of(
                    new V1Container()
                        .name("executor")
                        .image("python:3.9-slim")
                        .command(List.of("sleep", "infinity"))
                        .volumeMounts(
                            List.of(
                                new V1VolumeMount().name("workspace").mountPath("/workspace")))))
            .volumes(
                List.of(new V1Volume().name("workspace").emptyDir(new V1EmptyDirVolumeSource()))));
  }

  private static WarmPool pool(V1PodSpec spec) {
    return WarmPool.of(
        new V1ObjectMeta()
            .name(spec.getContainers().getFirst().getName().equals("main") ? "p" : "python-pool")
            .namespace("ns")
            .uid("uid-1"),
        WarmPoolSpec.of(3, new V1PodTemplateSpec().spec(spec)));
  }
}

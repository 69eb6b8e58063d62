package io.infra.arl.operator.warmpool.reconcile;

import io.infra.arl.kube.Labels;
import io.infra.arl.kube.crd.WarmPool;
import io.infra.arl.operator.config.OperatorConfig;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerPort;
import io.kubernetes.client.openapi.models.V1EmptyDirVolumeSource;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1GRPCAction;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1Probe;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a pool's pods from its template (docs/adr/0013): the template's metadata passes through,
 * and the executor container (named {@value #EXECUTOR}, else the first) runs the sidecar in place
 * of its command, so commands run in the user's image.
 *
 * <p>An init container ({@value #INSTALL_CONTAINER}, image {@code arl.operator.sidecar-image})
 * copies a self-contained sidecar runtime into the {@value #RUNTIME_VOLUME} emptyDir, mounted
 * read-only at {@value #RUNTIME_DIR} in the executor, whose command becomes {@value #LAUNCHER}. The
 * sidecar listens on {@value #SIDECAR_PORT} with workspace {@value #WORKSPACE} (the template's
 * volume mounted there, else an added emptyDir), and a gRPC readiness probe on the standard health
 * service makes the pod Ready only when the sidecar answers. Security and resource fields the
 * template leaves unset get hardened defaults ({@link PodHardening}).
 */
public final class PoolPodBuilder {

  /** The preferred name of the container that runs user commands. */
  public static final String EXECUTOR = "executor";

  /** The injected init container. */
  public static final String INSTALL_CONTAINER = "arl-sidecar-install";

  /** The emptyDir volume holding the sidecar runtime. */
  public static final String RUNTIME_VOLUME = "arl-runtime";

  /** Where the runtime is mounted. */
  public static final String RUNTIME_DIR = "/arl";

  /** The sidecar launcher, the executor's new command. */
  public static final String LAUNCHER = RUNTIME_DIR + "/bin/arl-sidecar";

  /** The workspace path inside the executor. */
  public static final String WORKSPACE = "/workspace";

  /** The volume added when the template mounts nothing at {@value #WORKSPACE}. */
  public static final String WORKSPACE_VOLUME = "arl-workspace";

  /** The sidecar's gRPC port. */
  public static final int SIDECAR_PORT = 50051;

  private static final String NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
  private static final int NAME_SUFFIX_LENGTH = 5;

  private final OperatorConfig config;
  private final SecureRandom random = new SecureRandom();
  private final JSON json = new JSON();

  /** A builder using the configured sidecar image. */
  public PoolPodBuilder(OperatorConfig config) {
    this.config = config;
  }

  /** A fresh pod name for the pool: {@code <pool>-<5 random characters>}. */
  public String newName(String pool) {
    StringBuilder name = new StringBuilder(pool).append('-');
    for (int i = 0; i < NAME_SUFFIX_LENGTH; i++) {
      name.append(NAME_ALPHABET.charAt(random.nextInt(NAME_ALPHABET.length())));
    }
    return name.toString();
  }

  /** The pod {@code name} of {@code pool}, ready to create. */
  public V1Pod build(WarmPool pool, String name) {
    V1PodTemplateSpec template = copy(pool.spec().template());
    V1ObjectMeta templateMeta = template.getMetadata();
    Map<String, String> labels = new HashMap<>();
    Map<String, String> annotations = new HashMap<>();
    if (templateMeta != null) {
      putAll(labels, templateMeta.getLabels());
      putAll(annotations, templateMeta.getAnnotations());
    }
    String poolName = pool.getMetadata().getName();
    labels.put(Labels.WARMPOOL, poolName);
    labels.put(Labels.POD_STATE, Labels.POD_STATE_READY);
    labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_OPERATOR);
    V1ObjectMeta metadata =
        new V1ObjectMeta()
            .name(name)
            .namespace(pool.getMetadata().getNamespace())
            .labels(labels)
            .annotations(annotations)
            .ownerReferences(List.of(owner(pool)));
    return new V1Pod().metadata(metadata).spec(inject(template.getSpec()));
  }

  private V1PodSpec inject(V1PodSpec spec) {
    V1Container executor = executor(spec);
    List<V1Volume> volumes = new ArrayList<>(orEmpty(spec.getVolumes()));
    volumes.add(new V1Volume().name(RUNTIME_VOLUME).emptyDir(new V1EmptyDirVolumeSource()));
    List<V1VolumeMount> mounts = new ArrayList<>(orEmpty(executor.getVolumeMounts()));
    if (mounts.stream().noneMatch(m -> WORKSPACE.equals(m.getMountPath()))) {
      volumes.add(new V1Volume().name(WORKSPACE_VOLUME).emptyDir(new V1EmptyDirVolumeSource()));
      mounts.add(new V1VolumeMount().name(WORKSPACE_VOLUME).mountPath(WORKSPACE));
    }
    mounts.add(new V1VolumeMount().name(RUNTIME_VOLUME).mountPath(RUNTIME_DIR).readOnly(true));
    List<V1EnvVar> env = new ArrayList<>(orEmpty(executor.getEnv()));
    env.add(new V1EnvVar().name("ARL_WORKSPACE").value(WORKSPACE));
    env.add(new V1EnvVar().name("ARL_SIDECAR_PORT").value(Integer.toString(SIDECAR_PORT)));
    List<V1ContainerPort> ports = new ArrayList<>(orEmpty(executor.getPorts()));
    ports.add(
        new V1ContainerPort().name("arl-sidecar").containerPort(SIDECAR_PORT).protocol("TCP"));
    executor
        .command(List.of(LAUNCHER))
        .args(null)
        .env(env)
        .ports(ports)
        .volumeMounts(mounts)
        .readinessProbe(
            new V1Probe()
                .grpc(new V1GRPCAction().port(SIDECAR_PORT).service(""))
                .periodSeconds(2)
                .failureThreshold(1)
                .timeoutSeconds(1));
    List<V1Container> initContainers = new ArrayList<>();
    initContainers.add(installContainer());
    initContainers.addAll(orEmpty(spec.getInitContainers()));
    // client-java 25 serialises an unset overhead as {}, which admission refuses without a
    // RuntimeClass; null leaves it out.
    return PodHardening.apply(spec.volumes(volumes).initContainers(initContainers).overhead(null));
  }

  private V1Container installContainer() {
    return new V1Container()
        .name(INSTALL_CONTAINER)
        .image(config.sidecarImage())
        .imagePullPolicy(config.sidecarImagePullPolicy())
        .command(List.copyOf(config.sidecarInstallCommand()))
        .volumeMounts(List.of(new V1VolumeMount().name(RUNTIME_VOLUME).mountPath(RUNTIME_DIR)));
  }

  /** The container that runs the sidecar and user commands: "executor", else the first. */
  public static V1Container executor(V1PodSpec spec) {
    List<V1Container> containers = orEmpty(spec.getContainers());
    return containers.stream()
        .filter(c -> EXECUTOR.equals(c.getName()))
        .findFirst()
        .orElseGet(containers::getFirst);
  }

  private static V1OwnerReference owner(WarmPool pool) {
    return new V1OwnerReference()
        .apiVersion(pool.getApiVersion())
        .kind(WarmPool.KIND)
        .name(pool.getMetadata().getName())
        .uid(pool.getMetadata().getUid())
        .controller(true)
        .blockOwnerDeletion(true);
  }

  private V1PodTemplateSpec copy(V1PodTemplateSpec template) {
    return json.deserialize(json.serialize(template), V1PodTemplateSpec.class);
  }

  private static void putAll(Map<String, String> into, Map<String, String> from) {
    if (from != null) {
      into.putAll(from);
    }
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}

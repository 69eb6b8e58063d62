package io.infra.arl.kube.crd;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodList;
import io.kubernetes.client.util.generic.GenericKubernetesApi;

/** The API group, version and resource names of the CRDs, and typed clients for them. */
public final class ArlResources {

  /** API group of every ARL-Infra resource. */
  public static final String GROUP = "arl.infra.io";

  /** The served version. */
  public static final String VERSION = "v1alpha1";

  /** {@code apiVersion} of every ARL-Infra object. */
  public static final String API_VERSION = GROUP + "/" + VERSION;

  /** Resource (plural) name of WarmPools. */
  public static final String WARMPOOLS = "warmpools";

  /** Resource (plural) name of Sandboxes. */
  public static final String SANDBOXES = "sandboxes";

  /** Resource (plural) name of Tasks. */
  public static final String TASKS = "tasks";

  private ArlResources() {}

  /** A client for WarmPools. */
  public static GenericKubernetesApi<WarmPool, WarmPoolList> warmPools(ApiClient client) {
    return new GenericKubernetesApi<>(
        WarmPool.class, WarmPoolList.class, GROUP, VERSION, WARMPOOLS, client);
  }

  /** A client for Sandboxes. */
  public static GenericKubernetesApi<Sandbox, SandboxList> sandboxes(ApiClient client) {
    return new GenericKubernetesApi<>(
        Sandbox.class, SandboxList.class, GROUP, VERSION, SANDBOXES, client);
  }

  /** A client for Tasks. */
  public static GenericKubernetesApi<Task, TaskList> tasks(ApiClient client) {
    return new GenericKubernetesApi<>(Task.class, TaskList.class, GROUP, VERSION, TASKS, client);
  }

  /** A client for Pods (core group). */
  public static GenericKubernetesApi<V1Pod, V1PodList> pods(ApiClient client) {
    return new GenericKubernetesApi<>(V1Pod.class, V1PodList.class, "", "v1", "pods", client);
  }
}

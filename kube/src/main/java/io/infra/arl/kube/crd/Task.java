package io.infra.arl.kube.crd;

import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.models.V1ObjectMeta;

/**
 * Steps (file patches and commands) run in order in a Sandbox's pod; the result (stdout, stderr,
 * exit code, per-step results) lands in the status.
 *
 * @param apiVersion {@value ArlResources#API_VERSION}
 * @param kind {@value #KIND}
 * @param metadata standard object metadata
 * @param spec the steps to run
 * @param status the task as last observed by the operator
 */
public record Task(
    String apiVersion, String kind, V1ObjectMeta metadata, TaskSpec spec, TaskStatus status)
    implements KubernetesObject {

  /** The kind. */
  public static final String KIND = "Task";

  /** A new task object (no status) for {@code create}. */
  public static Task of(V1ObjectMeta metadata, TaskSpec spec) {
    return new Task(ArlResources.API_VERSION, KIND, metadata, spec, null);
  }

  /** This task with another status. */
  public Task withStatus(TaskStatus newStatus) {
    return new Task(apiVersion, kind, metadata, spec, newStatus);
  }

  @Override
  public V1ObjectMeta getMetadata() {
    return metadata;
  }

  @Override
  public String getApiVersion() {
    return apiVersion;
  }

  @Override
  public String getKind() {
    return kind;
  }
}

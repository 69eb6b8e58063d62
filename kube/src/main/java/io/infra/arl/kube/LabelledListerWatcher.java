package io.infra.arl.kube;

import io.kubernetes.client.common.KubernetesListObject;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.informer.ListerWatcher;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Status;
import io.kubernetes.client.util.CallGeneratorParams;
import io.kubernetes.client.util.Watchable;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.kubernetes.client.util.generic.options.ListOptions;

/**
 * Lists and watches objects of one namespace (or all, when empty) that match a label selector, so
 * an informer holds pool pods only, not every pod of the cluster. List failures surface the
 * apiserver's status message ("forbidden: ...", "storage is (re)initializing") as the exception
 * message.
 *
 * <pre>{@code
 * factory.sharedIndexInformerFor(
 *     new LabelledListerWatcher<>(ArlResources.pods(client), namespace, Labels.WARMPOOL), V1Pod.class, 0);
 * }</pre>
 *
 * @param api the typed client of the resource
 * @param namespace the namespace, or empty for all namespaces
 * @param labelSelector a label selector, or null for every object
 * @param <T> the resource
 * @param <L> its list type
 */
public record LabelledListerWatcher<T extends KubernetesObject, L extends KubernetesListObject>(
    GenericKubernetesApi<T, L> api, String namespace, String labelSelector)
    implements ListerWatcher<T, L> {

  @Override
  public L list(CallGeneratorParams params) throws ApiException {
    ListOptions options = options(params);
    KubernetesApiResponse<L> response =
        namespace.isEmpty() ? api.list(options) : api.list(namespace, options);
    if (!response.isSuccess()) {
      // The status message ("storage is (re)initializing", "forbidden: ...") is what an operator
      // of the operator needs; the default exception text is a multi-line object dump.
      V1Status status = response.getStatus();
      throw new ApiException(
          response.getHttpStatusCode(), status == null ? "list failed" : status.getMessage());
    }
    return response.getObject();
  }

  @Override
  public Watchable<T> watch(CallGeneratorParams params) throws ApiException {
    ListOptions options = options(params);
    return namespace.isEmpty() ? api.watch(options) : api.watch(namespace, options);
  }

  private ListOptions options(CallGeneratorParams params) {
    ListOptions options = new ListOptions();
    options.setResourceVersion(params.resourceVersion);
    options.setTimeoutSeconds(params.timeoutSeconds);
    if (labelSelector != null) {
      options.setLabelSelector(labelSelector);
    }
    return options;
  }
}

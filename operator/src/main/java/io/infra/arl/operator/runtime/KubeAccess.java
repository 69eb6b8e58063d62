package io.infra.arl.operator.runtime;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Finds how to reach the apiserver, in order: an explicit kubeconfig ({@code
 * arl.kubernetes.kubeconfig}); and, when discovery is on, the in-cluster service account, the
 * {@code KUBECONFIG} file, {@code ~/.kube/config}. None found: the operator stays off.
 */
public final class KubeAccess {

  static final Path SERVICE_ACCOUNT_TOKEN =
      Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

  private KubeAccess() {}

  /**
   * A client, or empty when Kubernetes is not configured.
   *
   * @param explicitKubeconfig a kubeconfig path, or null/blank
   * @param discover whether to look at the service account, KUBECONFIG and ~/.kube/config
   * @param env the environment
   * @param home the user's home directory
   * @throws UncheckedIOException when a kubeconfig that exists cannot be read
   */
  public static Optional<Found> find(
      String explicitKubeconfig, boolean discover, Map<String, String> env, Path home) {
    if (explicitKubeconfig != null && !explicitKubeconfig.isBlank()) {
      return Optional.of(fromFile(Path.of(explicitKubeconfig)));
    }
    if (!discover) {
      return Optional.empty();
    }
    if (env.containsKey("KUBERNETES_SERVICE_HOST") && Files.isReadable(SERVICE_ACCOUNT_TOKEN)) {
      try {
        return Optional.of(new Found(watchable(ClientBuilder.cluster().build()), "in-cluster"));
      } catch (IOException e) {
        throw new UncheckedIOException("Could not read the in-cluster service account", e);
      }
    }
    String kubeconfig = env.get("KUBECONFIG");
    if (kubeconfig != null && !kubeconfig.isBlank() && Files.isReadable(Path.of(kubeconfig))) {
      return Optional.of(fromFile(Path.of(kubeconfig)));
    }
    Path user = home.resolve(".kube").resolve("config");
    return Files.isReadable(user) ? Optional.of(fromFile(user)) : Optional.empty();
  }

  private static Found fromFile(Path file) {
    try (Reader reader = Files.newBufferedReader(file)) {
      KubeConfig config = KubeConfig.loadKubeConfig(reader);
      config.setFile(file.toFile());
      return new Found(watchable(ClientBuilder.kubeconfig(config).build()), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read kubeconfig " + file, e);
    }
  }

  // Watches stay open for minutes; the default read timeout would cut them every 10 s.
  private static ApiClient watchable(ApiClient client) {
    client.setReadTimeout(0);
    return client;
  }

  /**
   * A way to the apiserver.
   *
   * @param client the client
   * @param source where its configuration came from (for the startup log line)
   */
  public record Found(ApiClient client, String source) {}
}

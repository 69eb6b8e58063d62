package io.infra.arl.testing.kube;

import io.infra.arl.testing.tools.ToolBinaries;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension that gives a test class a real kube-apiserver (with etcd) on loopback.
 *
 * <p>Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final KubeApiServerExtension KUBE = new KubeApiServerExtension().withProjectCrds();
 * }</pre>
 *
 * <p><b>One apiserver per test JVM</b> (the Maven failsafe fork): the first class that needs it
 * starts it (5-15 s on 2 cores), later classes reuse it, and JUnit closes it when the whole run
 * ends, even after failures. Tests therefore isolate themselves by namespace ({@link
 * #createNamespace}), never by assuming an empty cluster. No controllers run: see {@link
 * KubeCluster}.
 *
 * <p>When kube-apiserver or etcd is not built, the class is skipped if this machine has no Go, and
 * fails (telling you to run {@code tools/build-tools.sh}) if it has.
 */
public final class KubeApiServerExtension implements BeforeAllCallback {

  private static final ExtensionContext.Namespace STORE =
      ExtensionContext.Namespace.create(KubeApiServerExtension.class);

  private final List<Path> crdDirs;
  private volatile KubeCluster cluster;

  /** An extension that installs no CRDs. */
  public KubeApiServerExtension() {
    this(List.of());
  }

  private KubeApiServerExtension(List<Path> crdDirs) {
    this.crdDirs = List.copyOf(crdDirs);
  }

  /** A copy that also installs the CRDs of {@code dir} before the class's tests run. */
  public KubeApiServerExtension withCrds(Path dir) {
    List<Path> dirs = new ArrayList<>(crdDirs);
    dirs.add(dir);
    return new KubeApiServerExtension(dirs);
  }

  /** A copy that also installs the project's CRDs from {@code deploy/crds/}. */
  public KubeApiServerExtension withProjectCrds() {
    return withCrds(projectCrdsDir());
  }

  /**
   * The repository's {@code deploy/crds/}, found from the working directory upwards (Maven runs
   * tests in the module directory).
   */
  public static Path projectCrdsDir() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path crds = dir.resolve("deploy").resolve("crds");
      if (Files.isDirectory(crds)) {
        return crds;
      }
    }
    throw new IllegalStateException(
        "No deploy/crds/ above " + Path.of("").toAbsolutePath() + " (expected the project's CRDs)");
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    KubeCluster shared =
        context
            .getRoot()
            .getStore(STORE)
            .getOrComputeIfAbsent(
                KubeCluster.class,
                key -> KubeCluster.start(ToolBinaries.fromEnvironment()),
                KubeCluster.class);
    crdDirs.forEach(shared::installCrds);
    cluster = shared;
  }

  /** The running cluster; throws if the extension is not registered or not started yet. */
  public KubeCluster cluster() {
    KubeCluster current = cluster;
    if (current == null) {
      throw new IllegalStateException(
          "The apiserver is not started: register KubeApiServerExtension with @RegisterExtension"
              + " on a static field and use it from test methods or @BeforeEach/@BeforeAll");
    }
    return current;
  }

  /** The shared admin client (group {@code system:masters}; no read timeout, for watches). */
  public ApiClient apiClient() {
    return cluster().apiClient();
  }

  /** A new independent admin client, e.g. for a second leader-election candidate. */
  public ApiClient newApiClient() {
    return cluster().newApiClient();
  }

  /** The admin kubeconfig file (certificates inline), for kubectl, helm or an app under test. */
  public Path kubeconfigPath() {
    return cluster().kubeconfigPath();
  }

  /** The apiserver URL, e.g. {@code https://127.0.0.1:41234}. */
  public String serverUrl() {
    return cluster().serverUrl();
  }

  /** Installs the CRDs of {@code dir} now and waits until they are established. */
  public List<String> installCrds(Path dir) {
    return cluster().installCrds(dir);
  }

  /**
   * Creates a namespace named {@code prefix-<random>} and returns its name. Namespaces are never
   * reclaimed (no namespace controller), which is fine for a cluster that lives one test run.
   */
  public String createNamespace(String prefix) {
    String name =
        prefix.toLowerCase(Locale.ROOT) + "-" + UUID.randomUUID().toString().substring(0, 8);
    V1Namespace namespace = new V1Namespace().metadata(new V1ObjectMeta().name(name));
    try {
      new CoreV1Api(apiClient()).createNamespace(namespace).execute();
      return name;
    } catch (ApiException e) {
      throw new IllegalStateException(
          "Could not create namespace " + name + ": " + e.getCode() + " " + e.getResponseBody(), e);
    }
  }
}

package io.infra.arl.deploy.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.infra.arl.testing.kube.KubeApiServerExtension;
import io.infra.arl.testing.tools.ToolRun;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The documented life cycle with the real helm on a real apiserver: install, upgrade (generated
 * secrets survive it), uninstall (CRDs, and with them every user's pools, stay).
 */
class HelmReleaseIT {

  @RegisterExtension static final KubeApiServerExtension KUBE = new KubeApiServerExtension();

  private static Cluster cluster;

  @BeforeAll
  static void cluster() {
    cluster = new Cluster(new Kubectl(KUBE.kubeconfigPath()));
  }

  @Test
  void installUpgradeAndUninstallKeepSecretsAndCrds() {
    String ns = KUBE.createNamespace("arl-release");

    ToolRun install = helm("install", "arl", ProjectFiles.chart().toString(), "-n", ns);

    assertThat(install.succeeded()).as(install.describe()).isTrue();
    assertThat(install.stdout())
        .contains("STATUS: deployed")
        .contains("get secret arl-arl-infra-gateway-auth -o jsonpath='{.data.api-key}'")
        .contains("arl.gateway.v1.Gateway/Claim", "\"pool\": \"python\"");
    Generated generated = generated(ns);
    assertThat(generated.apiKey()).hasSize(40);
    assertThat(generated.redisPassword()).hasSize(32);

    ToolRun upgrade =
        helm(
            "upgrade",
            "arl",
            ProjectFiles.chart().toString(),
            "-n",
            ns,
            "--reuse-values",
            "--set",
            "gateway.replicas=2");

    assertThat(upgrade.succeeded()).as(upgrade.describe()).isTrue();
    assertThat(generated(ns)).as("generated secrets kept by the upgrade").isEqualTo(generated);
    assertThat(jsonPath(ns, "deploy/arl-arl-infra-gateway", "{.spec.replicas}")).isEqualTo("2");

    ToolRun uninstall = helm("uninstall", "arl", "-n", ns);

    assertThat(uninstall.succeeded()).as(uninstall.describe()).isTrue();
    assertThat(cluster.kubectl().run("get", "deploy,warmpools", "-n", ns, "-o", "name").stdout())
        .isBlank();
    assertThat(jsonPath(null, "crd/warmpools.arl.infra.io", "{.metadata.name}"))
        .as("CRDs outlive the release")
        .isEqualTo("warmpools.arl.infra.io");
  }

  /**
   * The secrets the chart generates on install.
   *
   * @param apiKey the gateway's generated API key
   * @param redisPassword the internal Redis password
   */
  private record Generated(String apiKey, String redisPassword) {}

  private static Generated generated(String ns) {
    return new Generated(
        secret(ns, "arl-arl-infra-gateway-auth", "api-key"),
        secret(ns, "arl-arl-infra-redis", "password"));
  }

  private static String jsonPath(String ns, String object, String path) {
    ToolRun run =
        ns == null
            ? cluster.kubectl().run("get", object, "-o", "jsonpath=" + path)
            : cluster.kubectl().run("get", object, "-n", ns, "-o", "jsonpath=" + path);
    assertThat(run.succeeded()).as(run.describe()).isTrue();
    return run.stdout();
  }

  private static ToolRun helm(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--kubeconfig", KUBE.kubeconfigPath().toString()));
    return Helm.run(all);
  }

  private static String secret(String ns, String name, String key) {
    ToolRun run =
        cluster
            .kubectl()
            .run(
                "get",
                "secret",
                name,
                "-n",
                ns,
                "-o",
                "jsonpath={.data." + key.replace(".", "\\.") + "}");
    assertThat(run.succeeded()).as(run.describe()).isTrue();
    return new String(Base64.getDecoder().decode(run.stdout().strip()), StandardCharsets.UTF_8);
  }
}

package io.infra.arl.deploy.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.infra.arl.testing.kube.KubeApiServerExtension;
import io.infra.arl.testing.tools.ToolRun;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code helm template} output, with the default and with the production values, is accepted by a
 * real kube-apiserver: first with {@code kubectl apply --dry-run=server} (full validation, CRD
 * schemas and admission included, nothing stored), then for real. The RBAC it creates is then
 * checked on that apiserver with {@code kubectl auth can-i} as each service account.
 */
class ChartApplyIT {

  @RegisterExtension static final KubeApiServerExtension KUBE = new KubeApiServerExtension();

  private static Cluster cluster;

  @BeforeAll
  static void installCrds() {
    cluster = new Cluster(new Kubectl(KUBE.kubeconfigPath()));
    cluster.installChartCrds();
  }

  @Test
  void defaultValuesApplyWithAServerSideDryRunThenForReal() {
    String ns = KUBE.createNamespace("arl-default");
    ToolRun render = Helm.template("arl", ns);
    assertThat(render.succeeded()).as(render.describe()).isTrue();
    assertEveryNamespacedObjectNamesItsNamespace(Manifests.parse(render.stdout()));

    Cluster.ApplyResult applied = cluster.applyDryRunThenForReal(render.stdout());

    assertThat(applied.dryRun().stdout())
        .contains("deployment.apps/arl-arl-infra-gateway created (server dry run)")
        .contains("warmpool.arl.infra.io/python created (server dry run)");
    assertThat(
            names(
                ns,
                "deployments,statefulsets,services,warmpools,networkpolicies,limitranges,poddisruptionbudgets"))
        .contains(
            "deployment.apps/arl-arl-infra-gateway",
            "deployment.apps/arl-arl-infra-operator",
            "statefulset.apps/arl-arl-infra-redis",
            "service/arl-arl-infra-gateway",
            "service/arl-arl-infra-redis",
            "warmpool.arl.infra.io/python",
            "networkpolicy.networking.k8s.io/arl-arl-infra-sandboxes",
            "networkpolicy.networking.k8s.io/arl-arl-infra-redis",
            "limitrange/arl-arl-infra-sandboxes",
            "poddisruptionbudget.policy/arl-arl-infra-gateway");
  }

  @Test
  void productionValuesApplyWithAServerSideDryRunThenForReal() throws IOException {
    String ns = KUBE.createNamespace("arl-prod");
    String sandboxes = KUBE.createNamespace("arl-sbx");
    cluster.applyDryRunThenForReal(resource("servicemonitor-crd.yaml"));
    cluster.awaitEstablished("servicemonitors.monitoring.coreos.com");
    ToolRun render =
        Helm.template("arl", ns, Helm.production("--set", "sandboxes.namespaces[0]=" + sandboxes));
    assertThat(render.succeeded()).as(render.describe()).isTrue();
    assertEveryNamespacedObjectNamesItsNamespace(Manifests.parse(render.stdout()));

    cluster.applyDryRunThenForReal(render.stdout());

    assertThat(names(ns, "deployments,horizontalpodautoscalers,servicemonitors,statefulsets"))
        .contains(
            "deployment.apps/arl-arl-infra-gateway",
            "deployment.apps/arl-arl-infra-operator",
            "horizontalpodautoscaler.autoscaling/arl-arl-infra-gateway",
            "servicemonitor.monitoring.coreos.com/arl-arl-infra-gateway",
            "servicemonitor.monitoring.coreos.com/arl-arl-infra-operator")
        .noneMatch(n -> n.startsWith("statefulset"));
    assertThat(
            names(
                sandboxes,
                "warmpools,roles,rolebindings,networkpolicies,serviceaccounts,limitranges"))
        .contains(
            "warmpool.arl.infra.io/python",
            "role.rbac.authorization.k8s.io/arl-arl-infra-gateway",
            "role.rbac.authorization.k8s.io/arl-arl-infra-operator",
            "networkpolicy.networking.k8s.io/arl-arl-infra-sandboxes",
            "serviceaccount/arl-sandbox",
            "limitrange/arl-arl-infra-sandboxes");
  }

  @Test
  void eachServiceAccountCanDoWhatItsComponentNeedsAndNothingElse() {
    String ns = KUBE.createNamespace("arl-rbac");
    String elsewhere = KUBE.createNamespace("arl-other");
    cluster.applyDryRunThenForReal(Helm.template("arl", ns).stdout());
    String gateway = "system:serviceaccount:" + ns + ":arl-arl-infra-gateway";
    String operator = "system:serviceaccount:" + ns + ":arl-arl-infra-operator";
    String sandbox = "system:serviceaccount:" + ns + ":arl-sandbox";

    assertCan(
        gateway, ns, "get", "pods", "list", "pods", "watch", "pods", "patch", "pods", "delete",
        "pods");
    assertCan(gateway, ns, "watch", "warmpools.arl.infra.io", "create", "sandboxes.arl.infra.io");
    assertCannot(
        gateway, ns, "create", "pods", "get", "secrets", "update", "warmpools.arl.infra.io");
    assertCannot(gateway, elsewhere, "get", "pods", "list", "sandboxes.arl.infra.io");

    assertCan(operator, ns, "create", "pods", "delete", "pods", "update", "tasks.arl.infra.io");
    assertCannot(
        operator, ns, "get", "secrets", "create", "sandboxes.arl.infra.io", "create", "roles");
    assertCannot(operator, elsewhere, "create", "pods");
    assertCan(operator, ns, "update", "leases.coordination.k8s.io/arl-arl-infra-operator");
    assertCannot(operator, ns, "update", "leases.coordination.k8s.io/someone-elses-lease");

    assertCannot(sandbox, ns, "get", "pods", "list", "secrets", "get", "sandboxes.arl.infra.io");
  }

  private static void assertCan(String user, String ns, String... verbResourcePairs) {
    assertAccess(true, user, ns, verbResourcePairs);
  }

  private static void assertCannot(String user, String ns, String... verbResourcePairs) {
    assertAccess(false, user, ns, verbResourcePairs);
  }

  private static void assertAccess(boolean allowed, String user, String ns, String... pairs) {
    for (int i = 0; i < pairs.length; i += 2) {
      ToolRun run =
          cluster.kubectl().run("auth", "can-i", pairs[i], pairs[i + 1], "-n", ns, "--as", user);
      assertThat(run.stdout().strip())
          .as(user + " " + pairs[i] + " " + pairs[i + 1] + " in " + ns + "\n" + run.describe())
          .isEqualTo(allowed ? "yes" : "no");
    }
  }

  private static List<String> names(String ns, String kinds) {
    ToolRun run = cluster.kubectl().run("get", kinds, "-n", ns, "-o", "name");
    assertThat(run.succeeded()).as(run.describe()).isTrue();
    return run.stdout().lines().toList();
  }

  // GitOps tools and kubectl apply put objects without a namespace into the caller's current one.
  private static void assertEveryNamespacedObjectNamesItsNamespace(Manifests manifests) {
    List<String> clusterScoped =
        List.of("ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition");
    for (Map<String, Object> object : manifests.objects()) {
      if (!clusterScoped.contains(object.get("kind"))) {
        assertThat(Manifests.field(object, "metadata.namespace"))
            .as(manifests.names().toString())
            .isNotNull();
      }
    }
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = ChartApplyIT.class.getResourceAsStream("/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}

package io.infra.arl.deploy.chart;

import static io.infra.arl.deploy.chart.Manifests.field;
import static io.infra.arl.deploy.chart.Manifests.map;
import static io.infra.arl.deploy.chart.Manifests.maps;
import static io.infra.arl.deploy.chart.Manifests.strings;
import static org.assertj.core.api.Assertions.assertThat;

import io.infra.arl.deploy.chart.Manifests.PodSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The security posture of the rendered chart, with the default and with the production values: no
 * privileged or root pod, no service-account token in sandbox pods, limits everywhere, a
 * NetworkPolicy that lets only the gateway and the operator reach sidecars, and RBAC verbs limited
 * to what each component does.
 */
class ChartSecurityPostureIT {

  private static final String NS = "arl-system";
  private static final Set<String> FORBIDDEN_VERBS = Set.of("*", "escalate", "bind", "impersonate");

  static Stream<Arguments> renderings() {
    return Stream.of(
        Arguments.of("default values", Helm.render("arl", NS), List.of(NS)),
        Arguments.of(
            "production values",
            Helm.render("arl", NS, Helm.production()),
            List.of("arl-sandboxes")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renderings")
  void noPodIsPrivilegedOrRunsAsRoot(String values, Manifests manifests, List<String> sandboxNs) {
    assertThat(manifests.podSpecs()).hasSizeGreaterThanOrEqualTo(3);
    for (PodSpec pod : manifests.podSpecs()) {
      Map<String, Object> spec = pod.spec();
      assertThat(field(spec, "securityContext.runAsNonRoot")).as(pod.owner()).isEqualTo(true);
      assertThat(field(spec, "securityContext.seccompProfile.type"))
          .as(pod.owner())
          .isEqualTo("RuntimeDefault");
      assertThat(spec).as(pod.owner()).doesNotContainKeys("hostNetwork", "hostPID", "hostIPC");
      assertThat(maps(spec.get("volumes")))
          .as(pod.owner())
          .noneMatch(v -> v.containsKey("hostPath"));
      for (Map<String, Object> container : pod.allContainers()) {
        String where = pod.owner() + " container " + container.get("name");
        Map<String, Object> context = map(container.get("securityContext"));
        assertThat(context.get("privileged")).as(where).isNotEqualTo(true);
        assertThat(context.get("allowPrivilegeEscalation")).as(where).isEqualTo(false);
        assertThat(strings(field(context, "capabilities.drop"))).as(where).contains("ALL");
        assertThat(field(context, "capabilities.add")).as(where).isNull();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renderings")
  void sandboxPodsHoldNoTokenAndHaveLimits(
      String values, Manifests manifests, List<String> sandboxNs) {
    assertThat(manifests.sandboxPodSpecs()).isNotEmpty();
    for (PodSpec pod : manifests.sandboxPodSpecs()) {
      Map<String, Object> spec = pod.spec();
      assertThat(spec.get("automountServiceAccountToken")).as(pod.owner()).isEqualTo(false);
      assertThat(spec.get("enableServiceLinks")).as(pod.owner()).isEqualTo(false);
      String account = (String) spec.get("serviceAccountName");
      assertThat(manifests.ofKind("ServiceAccount"))
          .as("the sandbox service account mounts no token either")
          .anyMatch(
              sa ->
                  account.equals(field(sa, "metadata.name"))
                      && Boolean.FALSE.equals(sa.get("automountServiceAccountToken")));
      for (Map<String, Object> container : pod.allContainers()) {
        assertThat(map(field(container, "resources.limits")))
            .as(pod.owner() + " limits")
            .containsKeys("cpu", "memory", "ephemeral-storage");
      }
      Map<String, Object> workspace =
          maps(spec.get("volumes")).stream()
              .filter(v -> "workspace".equals(v.get("name")))
              .findFirst()
              .orElseThrow();
      assertThat(field(workspace, "emptyDir.sizeLimit"))
          .as(pod.owner() + " workspace size limit")
          .isNotNull();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renderings")
  void theChartsOwnPodsAreLockedDownAndBounded(
      String values, Manifests manifests, List<String> sandboxNs) {
    for (PodSpec pod : manifests.workloadPodSpecs()) {
      for (Map<String, Object> container : pod.allContainers()) {
        String where = pod.owner() + " container " + container.get("name");
        assertThat(field(container, "securityContext.readOnlyRootFilesystem"))
            .as(where)
            .isEqualTo(true);
        assertThat(map(field(container, "resources.limits")))
            .as(where)
            .containsKeys("memory", "ephemeral-storage");
        assertThat(maps(container.get("env")))
            .as(where + ": secrets come from Secrets, never as literal values")
            .noneMatch(
                e -> String.valueOf(e.get("name")).contains("PASSWORD") && e.containsKey("value"));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renderings")
  void onlyTheGatewayAndTheOperatorReachSidecarsOnTheirPort(
      String values, Manifests manifests, List<String> sandboxNs) {
    for (String ns : sandboxNs) {
      Map<String, Object> policy =
          manifests.ofKind("NetworkPolicy").stream()
              .filter(p -> ns.equals(field(p, "metadata.namespace")))
              .filter(p -> field(p, "spec.podSelector.matchExpressions") != null)
              .findFirst()
              .orElseThrow(() -> new AssertionError("No sandbox NetworkPolicy in " + ns));
      assertThat(maps(field(policy, "spec.podSelector.matchExpressions")))
          .containsExactly(Map.of("key", "arl.infra.io/warmpool", "operator", "Exists"));
      assertThat(strings(field(policy, "spec.policyTypes"))).contains("Ingress");
      List<Map<String, Object>> rules = maps(field(policy, "spec.ingress"));
      assertThat(rules).hasSize(1);
      assertThat(maps(rules.getFirst().get("ports")))
          .containsExactly(Map.of("port", 50051, "protocol", "TCP"));
      List<Map<String, Object>> peers = maps(rules.getFirst().get("from"));
      assertThat(peers)
          .extracting(
              p -> map(field(p, "podSelector.matchLabels")).get("app.kubernetes.io/component"))
          .containsExactlyInAnyOrder("gateway", "operator");
      assertThat(peers)
          .allSatisfy(
              p -> {
                assertThat(map(field(p, "podSelector.matchLabels")))
                    .containsEntry("app.kubernetes.io/instance", "arl");
                assertThat(map(field(p, "namespaceSelector.matchLabels")))
                    .containsEntry("kubernetes.io/metadata.name", NS);
              });
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renderings")
  void rbacVerbsAreLimitedToWhatEachComponentDoes(
      String values, Manifests manifests, List<String> sandboxNs) {
    List<Map<String, Object>> roles =
        Stream.concat(manifests.ofKind("Role").stream(), manifests.ofKind("ClusterRole").stream())
            .toList();
    assertThat(roles).isNotEmpty();
    for (Map<String, Object> role : roles) {
      for (Map<String, Object> rule : maps(role.get("rules"))) {
        String where = field(role, "metadata.name") + " " + rule;
        assertThat(strings(rule.get("verbs")))
            .as(where)
            .doesNotContainAnyElementsOf(FORBIDDEN_VERBS);
        assertThat(strings(rule.get("resources")))
            .as(where)
            .doesNotContain("*", "secrets", "configmaps");
        assertThat(strings(rule.get("apiGroups"))).as(where).doesNotContain("*");
      }
    }
    for (String ns : sandboxNs) {
      Map<String, Object> gateway = role(manifests, ns, "arl-arl-infra-gateway");
      assertThat(verbs(gateway, "", "pods"))
          .containsExactlyInAnyOrder("get", "list", "watch", "patch", "delete");
      assertThat(verbs(gateway, "arl.infra.io", "warmpools"))
          .containsExactlyInAnyOrder("get", "list", "watch");
      Map<String, Object> operator = role(manifests, ns, "arl-arl-infra-operator");
      assertThat(verbs(operator, "", "pods")).contains("create").doesNotContain("update");
    }
    assertThat(manifests.ofKind("ClusterRole"))
        .as("cluster-wide access only to read, only with several sandbox namespaces")
        .allSatisfy(
            r ->
                maps(r.get("rules"))
                    .forEach(
                        rule ->
                            assertThat(strings(rule.get("verbs")))
                                .isSubsetOf("get", "list", "watch")));
    assertThat(
            Stream.concat(
                manifests.ofKind("RoleBinding").stream(),
                manifests.ofKind("ClusterRoleBinding").stream()))
        .allSatisfy(
            b -> {
              assertThat(field(b, "roleRef.name")).asString().startsWith("arl-arl-infra-");
              assertThat(maps(b.get("subjects")))
                  .allSatisfy(s -> assertThat(s.get("kind")).isEqualTo("ServiceAccount"));
            });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renderings")
  void everySandboxNamespaceGetsDefaultLimitsForContainersWithout(
      String values, Manifests manifests, List<String> sandboxNs) {
    for (String ns : sandboxNs) {
      Map<String, Object> limitRange =
          manifests.ofKind("LimitRange").stream()
              .filter(l -> ns.equals(field(l, "metadata.namespace")))
              .findFirst()
              .orElseThrow(() -> new AssertionError("No LimitRange in " + ns));
      assertThat(map(maps(field(limitRange, "spec.limits")).getFirst().get("default")))
          .containsKeys("cpu", "memory", "ephemeral-storage");
    }
  }

  private static Map<String, Object> role(Manifests manifests, String ns, String name) {
    return manifests.ofKind("Role").stream()
        .filter(
            r ->
                ns.equals(field(r, "metadata.namespace")) && name.equals(field(r, "metadata.name")))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("No Role " + ns + "/" + name + " in " + manifests.names()));
  }

  private static List<String> verbs(Map<String, Object> role, String group, String resource) {
    return maps(role.get("rules")).stream()
        .filter(
            r ->
                strings(r.get("apiGroups")).contains(group)
                    && strings(r.get("resources")).contains(resource))
        .flatMap(r -> strings(r.get("verbs")).stream())
        .toList();
  }
}

package io.infra.arl.deploy.chart;

import static io.infra.arl.deploy.chart.Manifests.field;
import static io.infra.arl.deploy.chart.Manifests.maps;
import static org.assertj.core.api.Assertions.assertThat;

import io.infra.arl.testing.tools.ToolRun;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What values do to the rendered chart, and which values are refused with a message that says what
 * was wrong (values.schema.json and the chart's own checks).
 */
class ChartValuesIT {

  private static final String NS = "arl-system";

  static Stream<Arguments> refusedValues() {
    return Stream.of(
        Arguments.of("gateway.replicas=-1", "at '/gateway/replicas': minimum: got -1, want 0"),
        Arguments.of("gateway.replica=2", "additional properties 'replica' not allowed"),
        Arguments.of("redis.mode=cluster", "value must be one of 'internal', 'external'"),
        Arguments.of("redis.mode=external", "redis.mode=external needs redis.external.host"),
        Arguments.of(
            "sandboxes.podSecurityContext.runAsNonRoot=false",
            "at '/sandboxes/podSecurityContext/runAsNonRoot': value must be true"),
        Arguments.of(
            "sandboxes.containerSecurityContext.privileged=true",
            "at '/sandboxes/containerSecurityContext/privileged': value must be false"),
        Arguments.of(
            "gateway.auth.generateKey=false",
            "gateway.auth.enabled=true needs gateway.auth.existingSecret"),
        Arguments.of(
            "gateway.auth.tenants.team-a.apiKeys[0]=short",
            "at '/gateway/auth/tenants/team-a/apiKeys/0': minLength: got 5, want 16"),
        Arguments.of("sandboxes.pools[0].name=Python_Pool", "'Python_Pool' does not match pattern"),
        Arguments.of("sandboxes.namespaces[0]=Not-A-Namespace", "does not match pattern"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedValues")
  void refusesBadValuesWithAPreciseMessage(String setting, String message) {
    ToolRun run = Helm.template("arl", NS, "--set", setting);

    assertThat(run.exitCode()).as(run.describe()).isNotZero();
    assertThat(run.stderr()).contains(message);
  }

  @Test
  void twoOperatorsWithoutLeaderElectionAreRefused() {
    ToolRun run =
        Helm.template(
            "arl",
            NS,
            "--set",
            "operator.replicas=2",
            "--set",
            "operator.leaderElection.enabled=false");

    assertThat(run.exitCode()).as(run.describe()).isNotZero();
    assertThat(run.stderr())
        .contains("operator.replicas=2 needs operator.leaderElection.enabled=true");
  }

  @Test
  void disablingAuthIsExplicitInTheGatewayConfiguration() {
    Manifests manifests = Helm.render("arl", NS, "--set", "gateway.auth.enabled=false");

    String config =
        Manifests.entry(manifests.named("ConfigMap", "arl-arl-infra-gateway"), "gateway.yml");
    assertThat(config).contains("auth:", "enabled: false");
    assertThat(manifests.ofKind("Secret"))
        .noneMatch(s -> field(s, "metadata.name").toString().endsWith("-auth"));
    assertThat(env(manifests, "MICRONAUT_CONFIG_FILES")).isEqualTo("/etc/arl/gateway.yml");
  }

  @Test
  void tenantsFromValuesBecomeTheGatewaysAuthFile() {
    Manifests manifests =
        Helm.render(
            "arl",
            NS,
            "--set",
            "gateway.auth.tenants.team-a.apiKeys[0]=0123456789abcdef0123",
            "--set",
            "gateway.auth.tenants.team-a.pools[0]=python");

    Map<String, Object> secret = manifests.named("Secret", "arl-arl-infra-gateway-auth");
    assertThat(Manifests.entry(secret, "auth.yml"))
        .contains("team-a:", "api-keys:", "- 0123456789abcdef0123", "pools:", "- python");
    assertThat(Manifests.entry(secret, "api-key"))
        .as("no generated key next to given keys")
        .isNull();
    assertThat(env(manifests, "MICRONAUT_CONFIG_FILES"))
        .isEqualTo("/etc/arl/gateway.yml,/etc/arl/auth.yml");
  }

  @Test
  void anExistingAuthSecretIsMountedAndNoneIsCreated() {
    Manifests manifests = Helm.render("arl", NS, "--set", "gateway.auth.existingSecret=my-keys");

    assertThat(manifests.ofKind("Secret"))
        .noneMatch(s -> field(s, "metadata.name").toString().endsWith("-auth"));
    List<Map<String, Object>> sources =
        maps(field(volume(manifests, "arl-arl-infra-gateway", "config"), "projected.sources"));
    assertThat(sources).anyMatch(s -> "my-keys".equals(field(s, "secret.name")));
  }

  @Test
  void externalRedisWithTlsTakesItsPasswordFromASecret() {
    Manifests manifests =
        Helm.render(
            "arl",
            NS,
            "--set",
            "redis.mode=external",
            "--set",
            "redis.external.host=redis.example.internal",
            "--set",
            "redis.external.tls=true",
            "--set",
            "redis.external.passwordSecret.name=redis-creds");

    assertThat(env(manifests, "ARL_REDIS_URI"))
        .isEqualTo("rediss://:$(ARL_REDIS_PASSWORD)@redis.example.internal:6379/0");
    assertThat(envVar(manifests, "ARL_REDIS_PASSWORD"))
        .extracting(e -> field(e, "valueFrom.secretKeyRef.name"))
        .isEqualTo("redis-creds");
    assertThat(manifests.ofKind("StatefulSet")).isEmpty();
  }

  @Test
  void externalRedisUriCanComeWholeFromASecret() {
    Manifests manifests =
        Helm.render(
            "arl",
            NS,
            "--set",
            "redis.mode=external",
            "--set",
            "redis.external.uriSecret.name=redis-uri");

    assertThat(envVar(manifests, "ARL_REDIS_URI"))
        .extracting(e -> field(e, "valueFrom.secretKeyRef.name"))
        .isEqualTo("redis-uri");
  }

  @Test
  void oneSandboxNamespaceIsTheOnlyOneTheOperatorWatches() {
    Manifests manifests = Helm.render("arl", NS, "--set", "sandboxes.namespaces[0]=sandboxes");

    String config =
        Manifests.entry(manifests.named("ConfigMap", "arl-arl-infra-operator"), "operator.yml");
    assertThat(config).contains("namespace: sandboxes");
    assertThat(manifests.ofKind("ClusterRole")).isEmpty();
    assertThat(env(manifests, "ARL_KUBERNETES_NAMESPACES")).isEqualTo("sandboxes");
  }

  @Test
  void severalSandboxNamespacesGiveTheOperatorClusterWideReadOnly() {
    Manifests manifests =
        Helm.render(
            "arl",
            NS,
            "--set",
            "sandboxes.namespaces[0]=team-a",
            "--set",
            "sandboxes.namespaces[1]=team-b");

    String config =
        Manifests.entry(manifests.named("ConfigMap", "arl-arl-infra-operator"), "operator.yml");
    assertThat(config).contains("namespace: \"\"");
    assertThat(env(manifests, "ARL_KUBERNETES_NAMESPACES")).isEqualTo("team-a,team-b");
    Map<String, Object> read = manifests.ofKind("ClusterRole").getFirst();
    assertThat(maps(read.get("rules")))
        .allSatisfy(
            r ->
                assertThat(Manifests.strings(r.get("verbs")))
                    .containsExactly("get", "list", "watch"));
    assertThat(manifests.ofKind("Role"))
        .extracting(r -> field(r, "metadata.namespace") + "/" + field(r, "metadata.name"))
        .contains(
            "team-a/arl-arl-infra-gateway",
            "team-b/arl-arl-infra-gateway",
            "team-a/arl-arl-infra-operator",
            "team-b/arl-arl-infra-operator");
  }

  @Test
  void autoscalingHandsTheReplicaCountToTheHpa() {
    Manifests manifests = Helm.render("arl", NS, "--set", "gateway.autoscaling.enabled=true");

    assertThat(field(manifests.named("Deployment", "arl-arl-infra-gateway"), "spec.replicas"))
        .isNull();
    Map<String, Object> hpa = manifests.named("HorizontalPodAutoscaler", "arl-arl-infra-gateway");
    assertThat(field(hpa, "spec.scaleTargetRef.name")).isEqualTo("arl-arl-infra-gateway");
  }

  private static Map<String, Object> gateway(Manifests manifests) {
    return Manifests.maps(
            field(
                manifests.named("Deployment", "arl-arl-infra-gateway"),
                "spec.template.spec.containers"))
        .getFirst();
  }

  private static Map<String, Object> envVar(Manifests manifests, String name) {
    return maps(gateway(manifests).get("env")).stream()
        .filter(e -> name.equals(e.get("name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("No env " + name));
  }

  private static Object env(Manifests manifests, String name) {
    return envVar(manifests, name).get("value");
  }

  private static Map<String, Object> volume(Manifests manifests, String deployment, String name) {
    return maps(field(manifests.named("Deployment", deployment), "spec.template.spec.volumes"))
        .stream()
        .filter(v -> name.equals(v.get("name")))
        .findFirst()
        .orElseThrow();
  }
}

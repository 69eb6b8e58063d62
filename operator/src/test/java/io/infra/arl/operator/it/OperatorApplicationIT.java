package io.infra.arl.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.infra.arl.kube.crd.ArlResources;
import io.infra.arl.operator.runtime.OperatorLifecycle;
import io.infra.arl.testing.kube.KubeApiServerExtension;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** The operator as deployed: a Micronaut application with a management port. */
class OperatorApplicationIT {

  @RegisterExtension
  static final KubeApiServerExtension KUBE = new KubeApiServerExtension().withProjectCrds();

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void withoutKubernetesItStaysIdleWithOneInfoLineAndAnswersHealth() throws Exception {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    logs.start();
    root.addAppender(logs);
    try (EmbeddedServer server =
        ApplicationContext.run(
            EmbeddedServer.class,
            Map.of("micronaut.server.port", -1, "arl.kubernetes.discover", false))) {
      assertThat(get(server, "/health").statusCode()).isEqualTo(200);
      assertThat(server.getApplicationContext().getBean(OperatorLifecycle.class).operator())
          .isEmpty();
    } finally {
      root.detachAppender(logs);
    }
    List<ILoggingEvent> ours =
        logs.list.stream().filter(e -> e.getLoggerName().startsWith("io.infra.arl")).toList();
    assertThat(ours).noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN));
    assertThat(ours)
        .filteredOn(e -> e.getFormattedMessage().startsWith("Disabled controllers"))
        .hasSize(1);
  }

  @Test
  void withAKubeconfigItReconcilesAndExportsMetrics() throws Exception {
    String namespace = KUBE.createNamespace("app");
    try (EmbeddedServer server =
        ApplicationContext.run(
            EmbeddedServer.class,
            Map.of(
                "micronaut.server.port",
                -1,
                "arl.kubernetes.kubeconfig",
                KUBE.kubeconfigPath().toString(),
                "arl.operator.namespace",
                namespace,
                "arl.operator.leader-election",
                false))) {
      new TestBedPools(KUBE.apiClient(), namespace).create("app-pool", 1);

      await()
          .atMost(TestBed.TIMEOUT)
          .until(
              () ->
                  ArlResources.warmPools(KUBE.apiClient())
                      .get(namespace, "app-pool")
                      .getObject()
                      .status(),
              s -> s != null && s.total() == 1);
      String metrics = get(server, "/prometheus").body();
      assertThat(metrics)
          .contains("arl_operator_reconcile_seconds_count{controller=\"warmpool\"")
          .contains(
              "arl_operator_pool_pods{namespace=\""
                  + namespace
                  + "\",pool=\"app-pool\",state=\"creating\"} 1.0");
    }
  }

  private HttpResponse<String> get(EmbeddedServer server, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + server.getPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}

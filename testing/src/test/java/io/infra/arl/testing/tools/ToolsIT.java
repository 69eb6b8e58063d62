package io.infra.arl.testing.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pinned grpcurl, ghz, k6 and helm run here, against a real grpc-java server with health and
 * reflection on loopback (the same services every ARL-Infra server exposes).
 */
class ToolsIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final ToolRunner TOOLS = ToolRunner.fromEnvironment();

  private static Server server;
  private static String target;

  @TempDir Path dir;

  @BeforeAll
  static void startServer() throws IOException {
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(new HealthStatusManager().getHealthService())
            .addService(ProtoReflectionServiceV1.newInstance())
            .build()
            .start();
    target = "127.0.0.1:" + server.getPort();
  }

  @AfterAll
  static void stopServer() throws InterruptedException {
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void grpcurlListsServicesThroughReflection() {
    ToolRun run = Grpcurl.run(List.of("-plaintext", target, "list"), TIMEOUT);

    assertThat(run.succeeded()).as(run.describe()).isTrue();
    assertThat(run.stdout())
        .contains("grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection");
  }

  @Test
  void grpcurlCallsAMethodWithARequestOnStandardInput() {
    ToolRun run =
        Grpcurl.run(
            List.of("-plaintext", "-d", "@", target, "grpc.health.v1.Health/Check"),
            "{\"service\": \"\"}",
            TIMEOUT);

    assertThat(run.succeeded()).as(run.describe()).isTrue();
    assertThat(run.stdout()).contains("\"status\": \"SERVING\"");
  }

  @Test
  void grpcurlReportsAnUnknownServiceWithItsStatusCode() {
    ToolRun run =
        Grpcurl.run(
            List.of(
                "-plaintext",
                "-d",
                "{\"service\": \"nope\"}",
                target,
                "grpc.health.v1.Health/Check"),
            TIMEOUT);

    assertThat(run.exitCode()).as(run.describe()).isNotZero();
    assertThat(run.stderr()).contains("NotFound");
  }

  @Test
  void ghzLoadTestsAMethodThroughReflection() {
    ToolRun run =
        TOOLS.run(
            Tool.GHZ,
            List.of(
                "--insecure",
                "--call",
                "grpc.health.v1.Health.Check",
                "-n",
                "200",
                "-c",
                "4",
                "--format",
                "json",
                target),
            TIMEOUT);

    assertThat(run.succeeded()).as(run.describe()).isTrue();
    assertThat(run.stdout()).contains("\"count\":200", "\"OK\":200");
  }

  @Test
  void k6RunsAGrpcScenarioAndEnforcesItsThresholds() throws IOException {
    Path script = Files.writeString(dir.resolve("health.js"), K6_SCRIPT);

    ToolRun run =
        TOOLS.run(
            Tool.K6,
            List.of("run", "--quiet", "-e", "TARGET=" + target, script.toString()),
            TIMEOUT);

    assertThat(run.succeeded()).as(run.describe()).isTrue();
    assertThat(run.stdout()).containsPattern("checks_succeeded\\.*: 100\\.00%\\s+20 out of 20");
  }

  @Test
  void helmRendersAChart() throws IOException {
    Path chart = Files.createDirectories(dir.resolve("demo").resolve("templates"));
    Files.writeString(
        chart.getParent().resolve("Chart.yaml"), "apiVersion: v2\nname: demo\nversion: 0.1.0\n");
    Files.writeString(chart.getParent().resolve("values.yaml"), "replicas: 3\n");
    Files.writeString(
        chart.resolve("pool.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n"
            + "data:\n  replicas: \"{{ .Values.replicas }}\"\n");

    ToolRun run =
        TOOLS.run(Tool.HELM, List.of("template", "pool", chart.getParent().toString()), TIMEOUT);

    assertThat(run.succeeded()).as(run.describe()).isTrue();
    assertThat(run.stdout()).contains("name: pool", "replicas: \"3\"");
  }

  @Test
  void everyToolReportsItsPinnedVersion() {
    ToolBinaries binaries = ToolBinaries.fromEnvironment();
    assertThat(output(Tool.GRPCURL, "-version")).contains(binaries.version(Tool.GRPCURL));
    assertThat(output(Tool.GHZ, "--version")).contains(binaries.version(Tool.GHZ).substring(1));
    assertThat(output(Tool.K6, "version")).contains(binaries.version(Tool.K6));
    assertThat(output(Tool.HELM, "version", "--short")).contains(binaries.version(Tool.HELM));
    assertThat(output(Tool.KUBE_APISERVER, "--version"))
        .contains(binaries.version(Tool.KUBE_APISERVER));
    assertThat(output(Tool.ETCD, "--version")).contains(binaries.version(Tool.ETCD).substring(1));
  }

  @Test
  void theBuildScriptAndToolBinariesAgreeOnEveryPath() throws IOException {
    ToolBinaries binaries = ToolBinaries.fromEnvironment();
    ProcessBuilder script = new ProcessBuilder("bash", buildScript().toString(), "--paths");
    script.environment().put(ToolBinaries.CACHE_ENV, binaries.cacheRoot().toString());
    Process process = script.redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());

    for (Tool tool : Tool.values()) {
      assertThat(output).contains(tool.executable() + " " + binaries.path(tool));
    }
  }

  private static String output(Tool tool, String... args) {
    ToolRun run = TOOLS.run(tool, List.of(args), TIMEOUT);
    assertThat(run.succeeded()).as(run.describe()).isTrue();
    return run.stdout() + run.stderr();
  }

  private static Path buildScript() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path script = dir.resolve(ToolBinaries.BUILD_SCRIPT);
      if (Files.isRegularFile(script)) {
        return script;
      }
    }
    throw new IllegalStateException("No " + ToolBinaries.BUILD_SCRIPT + " above the working dir");
  }

  private static final String K6_SCRIPT =
      """
      import grpc from 'k6/net/grpc';
      import { check } from 'k6';

      export const options = { vus: 2, iterations: 20, thresholds: { checks: ['rate==1'] } };
      const client = new grpc.Client();

      export default () => {
        if (__ITER === 0) {
          client.connect(__ENV.TARGET, { plaintext: true, reflect: true });
        }
        const response = client.invoke('grpc.health.v1.Health/Check', {});
        check(response, {
          serving: (r) => r && r.status === grpc.StatusOK && r.message.status === 'SERVING',
        });
      };
      """;
}

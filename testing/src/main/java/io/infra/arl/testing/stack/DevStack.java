package io.infra.arl.testing.stack;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import io.infra.arl.testing.kube.KubeCluster;
import io.infra.arl.testing.pods.PodStandIn;
import io.infra.arl.testing.redis.RedisServerProcess;
import io.infra.arl.testing.tools.ToolBinaries;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.util.Yaml;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything of a Kubernetes deployment on one machine, for trying the product, end-to-end tests
 * and benchmarks: a real kube-apiserver + etcd, a redis-server, the pod stand-in (a real sidecar
 * per pod on its own 127.0.0.x address, since there is no kubelet), the operator and N gateways as
 * separate JVMs (so they can be killed like real ones). Start it with {@code bin/dev-stack}.
 */
public final class DevStack implements AutoCloseable {
  private final KubeCluster cluster;
  private final RedisServerProcess redis;
  private final PodStandIn standIn;
  private final List<JvmProcess> processes = new ArrayList<>();
  private final List<Integer> gatewayPorts = new ArrayList<>();
  private final String namespace;
  private final StackJars jars;

  private DevStack(
      KubeCluster cluster,
      RedisServerProcess redis,
      PodStandIn standIn,
      String namespace,
      StackJars jars) {
    this.cluster = cluster;
    this.redis = redis;
    this.standIn = standIn;
    this.namespace = namespace;
    this.jars = jars;
  }

  /**
   * Starts the stack and applies {@code deploy/examples/warmpool.yaml}.
   *
   * @param repo the repository root (jars are taken from its modules' target directories)
   * @param gateways how many gateways to start
   * @param firstGatewayPort gRPC port of the first gateway; the others follow
   */
  public static DevStack start(Path repo, String namespace, int gateways, int firstGatewayPort)
      throws Exception {
    StackJars jars = StackJars.in(repo);
    KubeCluster cluster = KubeCluster.start(ToolBinaries.fromEnvironment());
    RedisServerProcess redis = null;
    PodStandIn standIn = null;
    try {
      cluster.installCrds(repo.resolve("deploy/crds"));
      new CoreV1Api(cluster.apiClient())
          .createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(namespace)))
          .execute();
      redis = new RedisServerProcess();
      redis.start();
      standIn = PodStandIn.start(cluster.apiClient(), namespace);
      DevStack stack = new DevStack(cluster, redis, standIn, namespace, jars);
      stack.startOperator();
      for (int i = 0; i < gateways; i++) {
        stack.startGateway(i, firstGatewayPort + i);
      }
      stack.apply(repo.resolve("deploy/examples/warmpool.yaml"));
      return stack;
    } catch (Exception | Error e) {
      if (standIn != null) {
        standIn.close();
      }
      if (redis != null) {
        redis.close();
      }
      cluster.close();
      throw e;
    }
  }

  private void startOperator() throws IOException {
    processes.add(
        JvmProcess.start(
            "operator",
            jars.operator(),
            Map.of(
                "arl.kubernetes.kubeconfig",
                cluster.kubeconfigPath().toString(),
                "arl.operator.namespace",
                namespace,
                "arl.redis.uri",
                redis.uri(),
                "micronaut.server.port",
                "-1")));
  }

  /** Starts gateway {@code index} on {@code port} (gRPC) and {@code port + 100} (management). */
  public JvmProcess startGateway(int index, int port) throws IOException {
    JvmProcess gateway =
        JvmProcess.start(
            "gateway-" + index,
            jars.gateway(),
            Map.of(
                "arl.backend", "kubernetes",
                "arl.kubernetes.namespaces", namespace,
                "arl.kubernetes.kubeconfig", cluster.kubeconfigPath().toString(),
                "arl.redis.uri", redis.uri(),
                "arl.gateway.instance-id", "gw" + index,
                "grpc.server.port", Integer.toString(port),
                "micronaut.server.port", Integer.toString(port + 100)));
    processes.add(gateway);
    gatewayPorts.add(port);
    return gateway;
  }

  /** Creates the ARL object (WarmPool, Sandbox or Task) of a YAML file in the stack's namespace. */
  public void apply(Path yaml) throws IOException {
    Object parsed = Yaml.getSnakeYaml(null).load(Files.readString(yaml));
    JsonObject object = new Gson().toJsonTree(parsed).getAsJsonObject();
    object.getAsJsonObject("metadata").addProperty("namespace", namespace);
    String kind = object.get("kind").getAsString();
    String plural =
        switch (kind) {
          case "WarmPool" -> "warmpools";
          case "Sandbox" -> "sandboxes";
          case "Task" -> "tasks";
          default ->
              throw new IllegalArgumentException(yaml + ": not an ARL object (kind " + kind + ")");
        };
    var response =
        new DynamicKubernetesApi("arl.infra.io", "v1alpha1", plural, cluster.apiClient())
            .create(new DynamicKubernetesObject(object));
    if (!response.isSuccess()) {
      throw new IllegalStateException(yaml + " refused: " + response.getStatus().getMessage());
    }
  }

  public ApiClient apiClient() {
    return cluster.apiClient();
  }

  public Path kubeconfig() {
    return cluster.kubeconfigPath();
  }

  public RedisServerProcess redis() {
    return redis;
  }

  public String namespace() {
    return namespace;
  }

  public List<Integer> gatewayPorts() {
    return List.copyOf(gatewayPorts);
  }

  public PodStandIn pods() {
    return standIn;
  }

  @Override
  public void close() {
    processes.forEach(JvmProcess::close);
    standIn.close();
    redis.close();
    cluster.close();
  }

  /** {@code bin/dev-stack [gateways]}: starts the stack, prints what to try, runs until Ctrl-C. */
  public static void main(String[] args) throws Exception {
    int gateways = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    Path repo = Path.of("").toAbsolutePath();
    DevStack stack = start(repo, "arl", gateways, 9090);
    Runtime.getRuntime().addShutdownHook(new Thread(stack::close));
    System.out.println(stack.howToTry());
    Thread.currentThread().join();
  }

  private String howToTry() {
    StringBuilder out =
        new StringBuilder("\nARL-Infra dev stack is up (namespace ")
            .append(namespace)
            .append(")\n");
    out.append("  kubeconfig: ").append(kubeconfig()).append('\n');
    out.append("  redis:      ").append(redis.uri()).append('\n');
    for (int port : gatewayPorts) {
      out.append("  gateway:    127.0.0.1:")
          .append(port)
          .append(" (metrics http://127.0.0.1:")
          .append(port + 100)
          .append("/prometheus)\n");
    }
    int port = gatewayPorts.get(0);
    out.append("\nTry:\n");
    out.append("  grpcurl -plaintext 127.0.0.1:")
        .append(port)
        .append(" arl.gateway.v1.Gateway/ListPools\n");
    out.append("  grpcurl -plaintext -d '{\"spec\":{\"pool\":\"python-pool\"}}' 127.0.0.1:")
        .append(port)
        .append(" arl.gateway.v1.Gateway/Claim\n");
    out.append(
            "  grpcurl -plaintext -d '{\"sandbox\":{\"id\":\"<id>\",\"lease_token\":\"<token>\"},\"start\":{\"command\":\"echo hi\"}}' 127.0.0.1:")
        .append(port)
        .append(" arl.gateway.v1.Gateway/Exec\n");
    out.append("  kubectl --kubeconfig ")
        .append(kubeconfig())
        .append(" -n ")
        .append(namespace)
        .append(" get wp,pods\n");
    out.append("Ctrl-C stops everything.\n");
    return out.toString();
  }
}

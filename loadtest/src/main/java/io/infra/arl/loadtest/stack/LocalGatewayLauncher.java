package io.infra.arl.loadtest.stack;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.infra.arl.api.gateway.v1.GatewayGrpc;
import io.infra.arl.api.gateway.v1.ListPoolsRequest;
import io.infra.arl.api.gateway.v1.Pool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Gateways of the local backend: the gateway's own JVM ({@code GatewayApplication}) with its
 * embedded pool of in-process sidecars, started exactly as {@code bin/gateway} does but on free
 * ports, with a private workspace root and logs at WARN (the local pool logs two INFO lines per
 * sandbox, which would be written on every claim).
 */
public final class LocalGatewayLauncher implements GatewayLauncher {
  private static final String MAIN = "io.infra.arl.gateway.GatewayApplication";

  private final Path jar;

  /**
   * @param jar the gateway's own runnable jar, or {@code null} to run it from this JVM's class path
   *     (see {@link ModuleJar})
   */
  public LocalGatewayLauncher(Path jar) {
    this.jar = jar;
  }

  @Override
  public String backend() {
    return "local";
  }

  @Override
  public String describe() {
    return "gateway in local mode: its own JVM ("
        + (jar == null ? "the harness's class path" : "`java -jar " + jar.getFileName() + "`")
        + "), pool `default` of in-process sidecars (ADR 0009)";
  }

  @Override
  public GatewayProcess start(GatewaySettings settings, Path workDir) {
    int grpcPort = FreePorts.pick();
    Map<String, String> props = new LinkedHashMap<>();
    props.put("grpc.server.host", "127.0.0.1");
    props.put("grpc.server.port", Integer.toString(grpcPort));
    props.put("micronaut.server.port", Integer.toString(FreePorts.pick()));
    props.put("arl.backend", "local");
    props.put("arl.pools.default.replicas", Integer.toString(settings.replicas()));
    props.put("arl.gateway.instance-id", settings.name());
    props.put("arl.gateway.workspace-root", directory(workDir.resolve("workspaces")).toString());
    if (!settings.redisUri().isEmpty()) {
      props.put("arl.redis.uri", settings.redisUri());
    }
    props.putAll(settings.properties());
    List<String> jvm = new ArrayList<>(settings.jvmOptions());
    if (settings.jfrRecording() != null) {
      jvm.add(
          "-XX:StartFlightRecording=settings=default,dumponexit=true,filename="
              + settings.jfrRecording());
    }
    props.forEach((k, v) -> jvm.add("-D" + k + "=" + v));
    String name = "gateway-" + settings.name();
    Map<String, String> env = Map.of("ARL_LOG_LEVEL", "WARN");
    Path log = workDir.resolve(name + ".log");
    JavaProcess process;
    if (jar == null) {
      jvm.add(JavaProcess.NATIVE_ACCESS); // what the jar's manifest grants (ADR 0030)
      process = JavaProcess.start(name, jvm, env, MAIN, log);
    } else {
      process = JavaProcess.startJar(name, jvm, env, jar, log);
    }
    try {
      // Generous: on a shared 2-core machine at load 30 a gateway JVM took over a minute to listen.
      FreePorts.awaitListening(grpcPort, Duration.ofSeconds(120), process);
      awaitPoolReady(grpcPort, settings.replicas(), process);
      return new GatewayProcess(settings, process, grpcPort);
    } catch (RuntimeException e) {
      process.close();
      throw e;
    }
  }

  // The pool fills in the background; measuring before it is full would measure the fill.
  private static void awaitPoolReady(int port, int replicas, JavaProcess process) {
    Duration timeout = Duration.ofSeconds(60).plusMillis(20L * replicas);
    long deadline = System.nanoTime() + timeout.toNanos();
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    try {
      var stub = GatewayGrpc.newBlockingStub(channel);
      int ready = -1;
      while (System.nanoTime() < deadline) {
        process.checkAlive();
        ready = readyIn(stub);
        if (ready >= replicas) {
          return;
        }
        LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
      }
      throw new IllegalStateException(
          process.name()
              + " had "
              + ready
              + " of "
              + replicas
              + " sandboxes ready after "
              + timeout);
    } finally {
      channel.shutdownNow();
    }
  }

  private static int readyIn(GatewayGrpc.GatewayBlockingStub stub) {
    try {
      return stub
          .withDeadlineAfter(5, TimeUnit.SECONDS)
          .listPools(ListPoolsRequest.getDefaultInstance())
          .getPoolsList()
          .stream()
          .filter(p -> p.getName().equals("default"))
          .mapToInt(Pool::getReady)
          .findFirst()
          .orElse(0);
    } catch (StatusRuntimeException e) {
      return -1; // still starting
    }
  }

  private static Path directory(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not create " + dir, e);
    }
  }
}

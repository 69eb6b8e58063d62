package io.infra.arl.sidecar;

import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.infra.arl.api.sidecar.v1.SidecarGrpc;
import io.infra.arl.sidecar.exec.ExecEndpoint;
import io.infra.arl.sidecar.fence.Binding;
import io.infra.arl.sidecar.fence.BindingListener;
import io.infra.arl.sidecar.fence.LeaseFence;
import io.infra.arl.sidecar.fs.Workspace;
import io.infra.arl.sidecar.process.ProcessTable;
import io.infra.arl.sidecar.rpc.CallExecutors;
import io.infra.arl.sidecar.rpc.FencingInterceptor;
import io.infra.arl.sidecar.rpc.FilesEndpoint;
import io.infra.arl.sidecar.rpc.LeaseEndpoint;
import io.infra.arl.sidecar.rpc.SharedTransport;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * A running sidecar: {@code arl.sidecar.v1.Sidecar} (fenced), {@code grpc.health.v1.Health} and
 * server reflection on one port. Many can run in one JVM; they share the event loops, the call
 * executor and the timer of {@link SharedTransport}, and each kills only its own processes.
 */
public final class SidecarServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SidecarServer.class);
  private static final long GRACE_SECONDS = 5;

  private final Server server;
  private final SocketAddress address;
  private final HealthStatusManager health;
  private final ProcessTable processes;
  private final Workspace workspace;
  private final AtomicBoolean closed = new AtomicBoolean();

  private SidecarServer(
      Server server, HealthStatusManager health, ProcessTable processes, Workspace workspace) {
    this.server = server;
    this.address = server.getListenSockets().getFirst();
    this.health = health;
    this.processes = processes;
    this.workspace = workspace;
  }

  /**
   * Starts a sidecar that reports to nobody.
   *
   * @throws IOException when the workspace cannot be opened or the port cannot be bound
   */
  public static SidecarServer start(SidecarConfig config) throws IOException {
    return start(config, SidecarObserver.NONE);
  }

  /**
   * Starts a sidecar.
   *
   * @param config what to serve and where
   * @param observer told about binds, unbinds and served calls
   * @return the running server
   * @throws IOException when the workspace cannot be opened or the port cannot be bound
   */
  public static SidecarServer start(SidecarConfig config, SidecarObserver observer)
      throws IOException {
    return start(config, observer, network(config));
  }

  /**
   * Starts a sidecar reachable only from this JVM, through gRPC's in-process transport under {@code
   * name} ({@code InProcessChannelBuilder.forName(name)}): no socket, no HTTP/2 framing, and
   * messages are handed over without serialisation. The gateway's local backend embeds its
   * sandboxes this way; {@link SidecarConfig#host()} and {@link SidecarConfig#port()} are ignored.
   *
   * @throws IOException when the workspace cannot be opened or the name is taken
   */
  public static SidecarServer startInProcess(
      String name, SidecarConfig config, SidecarObserver observer) throws IOException {
    return start(
        config,
        observer,
        InProcessServerBuilder.forName(name)
            .maxInboundMessageSize(config.maxInboundMessageBytes()));
  }

  private static SidecarServer start(
      SidecarConfig config, SidecarObserver observer, ServerBuilder<?> transport)
      throws IOException {
    Workspace workspace = Workspace.open(config.workspace(), config.maxFileBytes());
    ProcessTable processes;
    try {
      processes = ProcessTable.create(config.maxConcurrentExecs());
    } catch (RuntimeException e) {
      workspace.close();
      throw e;
    }
    LeaseFence fence =
        new LeaseFence(() -> endTakenOver(processes, workspace), new ObserverListener(observer));
    var endpoint =
        new SidecarEndpoint(
            new ExecEndpoint(
                workspace,
                processes,
                fence,
                SharedTransport.timer(),
                config.keepAliveInterval(),
                config.defaultExecTimeout()),
            new FilesEndpoint(workspace, fence, config.maxFileBytes()),
            new LeaseEndpoint(fence, processes, workspace, SharedTransport.callExecutor()));
    HealthStatusManager health = new HealthStatusManager();
    Server server =
        transport
            .directExecutor() // only until the call's method is known: see CallExecutors
            .callExecutor(new CallExecutors(SharedTransport.callExecutor()))
            .addService(
                ServerInterceptors.intercept(
                    SidecarGrpc.bindService(endpoint), new FencingInterceptor(fence)))
            .addService(health.getHealthService())
            .addService(ProtoReflectionServiceV1.newInstance())
            .addService(legacyReflection())
            .build();
    try {
      server.start();
    } catch (IOException | RuntimeException e) {
      processes.shutdown();
      workspace.close();
      throw e;
    }
    health.setStatus("", ServingStatus.SERVING);
    health.setStatus(SidecarGrpc.SERVICE_NAME, ServingStatus.SERVING);
    SidecarServer started = new SidecarServer(server, health, processes, workspace);
    started
        .lifecycleLog()
        .log(
            "Started sidecar address={} workspace={} instance={}",
            started.address,
            workspace.root(),
            processes.instance());
    return started;
  }

  /**
   * Ends the work of a lease that a higher token takes over without a Reset (its holder crashed or
   * lost the lease): kills its processes and empties the workspace, so the new holder, possibly
   * another agent, starts as clean as after a Reset. A workspace that cannot be emptied fails the
   * Bind: the sandbox is not handed out.
   *
   * @return the processes killed
   */
  private static int endTakenOver(ProcessTable processes, Workspace workspace) {
    int killed = processes.killAll();
    try {
      workspace.clear();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not empty the workspace of a taken-over lease", e);
    }
    return killed;
  }

  private static ServerBuilder<?> network(SidecarConfig config) {
    return NettyServerBuilder.forAddress(new InetSocketAddress(config.host(), config.port()))
        .channelType(NioServerSocketChannel.class)
        .bossEventLoopGroup(SharedTransport.eventLoops())
        .workerEventLoopGroup(SharedTransport.eventLoops())
        .maxInboundMessageSize(config.maxInboundMessageBytes())
        // The gateway pings idle connections; do not answer its keep-alives with GOAWAY.
        .permitKeepAliveTime(10, TimeUnit.SECONDS)
        .permitKeepAliveWithoutCalls(true);
  }

  /**
   * The bound address (an ephemeral port resolved).
   *
   * @throws IllegalStateException for a sidecar served in process
   */
  public InetSocketAddress address() {
    if (address instanceof InetSocketAddress inet) {
      return inet;
    }
    throw new IllegalStateException("sidecar " + address + " is served in process, not on a port");
  }

  /**
   * The bound port.
   *
   * @throws IllegalStateException for a sidecar served in process
   */
  public int port() {
    return address().getPort();
  }

  /** The workspace's real path. */
  public Path workspace() {
    return workspace.root();
  }

  /** Blocks until the server has terminated (after {@link #close()}). */
  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  /**
   * Graceful stop: health reports NOT_SERVING, no new calls are accepted, every process group is
   * killed (so exec streams end with their exit), then running calls get a few seconds to finish.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    health.enterTerminalState();
    server.shutdown();
    int killed = processes.shutdown();
    try {
      if (!server.awaitTermination(GRACE_SECONDS, TimeUnit.SECONDS)) {
        server.shutdownNow();
        server.awaitTermination(GRACE_SECONDS, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
    try {
      workspace.close();
    } catch (IOException e) {
      LOG.warn("Failed to close workspace root={} error={}", workspace.root(), e.toString());
    }
    lifecycleLog().log("Stopped sidecar address={} killed_processes={}", address, killed);
  }

  /** Starts and stops at INFO, except for in-process sidecars: a gateway embeds thousands. */
  private LoggingEventBuilder lifecycleLog() {
    return LOG.atLevel(address instanceof InetSocketAddress ? Level.INFO : Level.DEBUG);
  }

  // grpcurl before 1.9 only speaks v1alpha reflection.
  @SuppressWarnings("deprecation")
  private static io.grpc.BindableService legacyReflection() {
    return io.grpc.protobuf.services.ProtoReflectionService.newInstance();
  }

  /** Adapts the public observer to the fence's listener. */
  private record ObserverListener(SidecarObserver observer) implements BindingListener {
    @Override
    public void onBind(Binding binding) {
      observer.onBind(binding.leaseId(), binding.fencingToken());
    }

    @Override
    public void onUnbind(Binding binding) {
      observer.onUnbind(binding.leaseId(), binding.fencingToken());
    }

    @Override
    public void onCallServed(Binding binding, String fullMethodName) {
      observer.onCallServed(binding.leaseId(), binding.fencingToken(), fullMethodName);
    }
  }
}

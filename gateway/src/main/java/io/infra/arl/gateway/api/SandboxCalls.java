package io.infra.arl.gateway.api;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.infra.arl.api.gateway.v1.ClaimResponse;
import io.infra.arl.api.gateway.v1.ExecRequest;
import io.infra.arl.api.gateway.v1.GetSandboxResponse;
import io.infra.arl.api.gateway.v1.ListFilesRequest;
import io.infra.arl.api.gateway.v1.ListPoolsResponse;
import io.infra.arl.api.gateway.v1.MakeDirRequest;
import io.infra.arl.api.gateway.v1.ReadFileRequest;
import io.infra.arl.api.gateway.v1.ReleaseResponse;
import io.infra.arl.api.gateway.v1.RemoveRequest;
import io.infra.arl.api.gateway.v1.RenewRequest;
import io.infra.arl.api.gateway.v1.RenewResponse;
import io.infra.arl.api.gateway.v1.SandboxRef;
import io.infra.arl.api.gateway.v1.WriteFilesRequest;
import io.infra.arl.api.sidecar.v1.CloseStdin;
import io.infra.arl.api.sidecar.v1.ExecEvent;
import io.infra.arl.api.sidecar.v1.ExecStart;
import io.infra.arl.api.sidecar.v1.FileChunk;
import io.infra.arl.api.sidecar.v1.ListFilesResponse;
import io.infra.arl.api.sidecar.v1.MakeDirResponse;
import io.infra.arl.api.sidecar.v1.RemoveResponse;
import io.infra.arl.api.sidecar.v1.WriteFilesResponse;
import io.infra.arl.gateway.auth.Tenant;
import io.infra.arl.gateway.claim.ClaimService;
import io.infra.arl.gateway.claim.ClaimSpec;
import io.infra.arl.gateway.claim.ClaimSpecParser;
import io.infra.arl.gateway.exec.ExecCalls;
import io.infra.arl.gateway.exec.OutboundStream;
import io.infra.arl.gateway.exec.SidecarStreamRelay;
import io.infra.arl.gateway.failure.Failure;
import io.infra.arl.gateway.failure.GatewayException;
import io.infra.arl.gateway.metrics.GatewayMetrics;
import io.infra.arl.gateway.pool.PoolRegistry;
import io.infra.arl.gateway.sandbox.HeldSandbox;
import io.infra.arl.gateway.sandbox.SandboxReaper;
import io.infra.arl.gateway.sandbox.SandboxRegistry;
import io.infra.arl.gateway.sandbox.SandboxReleaser;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The stateless (unary and server-streaming) Gateway calls: each names its sandbox by id and lease
 * token, and is relayed to that sandbox's sidecar.
 */
@Singleton
public class SandboxCalls {
  private static final int MAX_STDIN_BYTES = 1024 * 1024;

  private final ClaimService claims;
  private final SandboxRegistry registry;
  private final SandboxReleaser releaser;
  private final SandboxReaper reaper;
  private final PoolRegistry pools;
  private final Clock clock;
  private final GatewayMetrics metrics;

  public SandboxCalls(
      ClaimService claims,
      SandboxRegistry registry,
      SandboxReleaser releaser,
      SandboxReaper reaper,
      PoolRegistry pools,
      Clock clock,
      GatewayMetrics metrics) {
    this.claims = claims;
    this.registry = registry;
    this.releaser = releaser;
    this.reaper = reaper;
    this.pools = pools;
    this.clock = clock;
    this.metrics = metrics;
  }

  CompletableFuture<ClaimResponse> claim(io.infra.arl.api.gateway.v1.ClaimSpec wire) {
    long started = System.nanoTime();
    ClaimSpec spec = ClaimSpecParser.parse(wire);
    Tenant.current().requirePool(spec.pool());
    return claims
        .claim(spec)
        .thenApply(
            held ->
                ClaimResponse.newBuilder()
                    .setSandbox(ProtoMapper.sandbox(held))
                    .setLeaseToken(held.leaseToken())
                    .setClaimLatencyUs((System.nanoTime() - started) / 1_000)
                    .build());
  }

  /** The held sandbox named by ref, with activity recorded. */
  public HeldSandbox use(SandboxRef ref) {
    HeldSandbox held = registry.authorize(ref.getId(), ref.getLeaseToken());
    held.touch(clock.millis());
    return held;
  }

  void exec(ExecRequest request, ServerCallStreamObserver<ExecEvent> reply) {
    HeldSandbox held;
    try {
      held = use(request.getSandbox());
      if (request.getStdin().size() > MAX_STDIN_BYTES) {
        throw GatewayException.invalid(
            "stdin", request.getStdin().size() + " bytes", "at most " + MAX_STDIN_BYTES);
      }
    } catch (RuntimeException e) {
      reply.onError(StatusMapper.toException(e));
      return;
    }
    OutboundStream<ExecEvent> out = new OutboundStream<>(reply);
    SidecarStreamRelay<io.infra.arl.api.sidecar.v1.ExecRequest, ExecEvent, ExecEvent> relay =
        new SidecarStreamRelay<>(
            out,
            e -> e,
            e -> {
              held.touch(clock.millis());
              metrics.execEvent(e);
            },
            e -> out.fail(StatusMapper.toException(e)),
            out::complete);
    out.onCancel(() -> relay.cancel("agent cancelled"));
    boolean withStdin = !request.getStdin().isEmpty();
    ExecStart start =
        request.getStart().toBuilder().setStdin(withStdin || request.getStart().getStdin()).build();
    ExecCalls.start(held.sidecar(), start, relay);
    if (withStdin) {
      relay.send(
          io.infra.arl.api.sidecar.v1.ExecRequest.newBuilder()
              .setStdin(request.getStdin())
              .build());
    }
    if (start.getStdin()) {
      relay.send(
          io.infra.arl.api.sidecar.v1.ExecRequest.newBuilder()
              .setCloseStdin(CloseStdin.getDefaultInstance())
              .build());
    }
  }

  void writeFiles(WriteFilesRequest request, StreamObserver<WriteFilesResponse> reply) {
    onSidecar(
        request.getSandbox(),
        reply,
        held ->
            held.sidecar()
                .asyncUnary()
                .writeFiles(
                    io.infra.arl.api.sidecar.v1.WriteFilesRequest.newBuilder()
                        .addAllFiles(request.getFilesList())
                        .build(),
                    UnaryReply.forwarding(reply)));
  }

  void readFile(ReadFileRequest request, ServerCallStreamObserver<FileChunk> reply) {
    HeldSandbox held;
    try {
      held = use(request.getSandbox());
    } catch (RuntimeException e) {
      reply.onError(StatusMapper.toException(e));
      return;
    }
    OutboundStream<FileChunk> out = new OutboundStream<>(reply);
    SidecarStreamRelay<io.infra.arl.api.sidecar.v1.ReadFileRequest, FileChunk, FileChunk> relay =
        new SidecarStreamRelay<>(
            out,
            c -> c,
            c -> held.touch(clock.millis()),
            e -> out.fail(StatusMapper.toException(e)),
            out::complete);
    out.onCancel(() -> relay.cancel("agent cancelled"));
    held.sidecar()
        .async()
        .readFile(
            io.infra.arl.api.sidecar.v1.ReadFileRequest.newBuilder()
                .setPath(request.getPath())
                .setOffset(request.getOffset())
                .setLimit(request.getLimit())
                .build(),
            relay);
  }

  void listFiles(ListFilesRequest request, StreamObserver<ListFilesResponse> reply) {
    onSidecar(
        request.getSandbox(),
        reply,
        held ->
            held.sidecar()
                .asyncUnary()
                .listFiles(
                    io.infra.arl.api.sidecar.v1.ListFilesRequest.newBuilder()
                        .setPath(request.getPath())
                        .setDepth(request.getDepth())
                        .build(),
                    UnaryReply.forwarding(reply)));
  }

  void makeDir(MakeDirRequest request, StreamObserver<MakeDirResponse> reply) {
    onSidecar(
        request.getSandbox(),
        reply,
        held ->
            held.sidecar()
                .asyncUnary()
                .makeDir(
                    io.infra.arl.api.sidecar.v1.MakeDirRequest.newBuilder()
                        .setPath(request.getPath())
                        .setMode(request.getMode())
                        .build(),
                    UnaryReply.forwarding(reply)));
  }

  void remove(RemoveRequest request, StreamObserver<RemoveResponse> reply) {
    onSidecar(
        request.getSandbox(),
        reply,
        held ->
            held.sidecar()
                .asyncUnary()
                .remove(
                    io.infra.arl.api.sidecar.v1.RemoveRequest.newBuilder()
                        .setPath(request.getPath())
                        .setRecursive(request.getRecursive())
                        .build(),
                    UnaryReply.forwarding(reply)));
  }

  RenewResponse renew(RenewRequest request) {
    HeldSandbox held = use(request.getSandbox());
    int idle = ClaimSpecParser.range("idleTimeoutSeconds", request.getIdleTimeoutSeconds(), 86_400);
    if (idle > 0) {
      held.idleTimeout(Duration.ofSeconds(idle));
    }
    reaper.renew(held);
    if (held.isReleased()) {
      throw new GatewayException(
          Failure.LEASE_LOST, "sandbox " + held.id() + ": its lease was lost");
    }
    return RenewResponse.newBuilder().setSandbox(ProtoMapper.sandbox(held)).build();
  }

  ReleaseResponse release(SandboxRef ref) {
    HeldSandbox held = registry.authorize(ref.getId(), ref.getLeaseToken());
    releaser.release(
        held,
        new GatewayException(
            Failure.NOT_FOUND, "sandbox " + held.id() + " was released by its holder"));
    return ReleaseResponse.getDefaultInstance();
  }

  GetSandboxResponse get(SandboxRef ref) {
    return GetSandboxResponse.newBuilder().setSandbox(ProtoMapper.sandbox(use(ref))).build();
  }

  ListPoolsResponse listPools() {
    Tenant tenant = Tenant.current();
    ListPoolsResponse.Builder response = ListPoolsResponse.newBuilder();
    pools.all().stream()
        .filter(p -> tenant.mayUse(p.name()))
        .forEach(p -> response.addPools(ProtoMapper.pool(p.stats(), claims.waiting(p.name()))));
    return response.build();
  }

  private <T> void onSidecar(
      SandboxRef ref, StreamObserver<T> reply, java.util.function.Consumer<HeldSandbox> call) {
    HeldSandbox held;
    try {
      held = use(ref);
    } catch (RuntimeException e) {
      reply.onError(StatusMapper.toException(e));
      return;
    }
    call.accept(held);
  }
}

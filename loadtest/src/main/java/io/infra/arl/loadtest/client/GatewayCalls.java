package io.infra.arl.loadtest.client;

import io.grpc.ManagedChannel;
import io.infra.arl.api.gateway.v1.ClaimRequest;
import io.infra.arl.api.gateway.v1.ClaimResponse;
import io.infra.arl.api.gateway.v1.ClaimSpec;
import io.infra.arl.api.gateway.v1.ExecRequest;
import io.infra.arl.api.gateway.v1.GatewayGrpc;
import io.infra.arl.api.gateway.v1.ListPoolsRequest;
import io.infra.arl.api.gateway.v1.ListPoolsResponse;
import io.infra.arl.api.gateway.v1.Pool;
import io.infra.arl.api.gateway.v1.ReleaseRequest;
import io.infra.arl.api.gateway.v1.ReleaseResponse;
import io.infra.arl.api.gateway.v1.SandboxRef;
import io.infra.arl.api.gateway.v1.WriteFilesRequest;
import io.infra.arl.api.sidecar.v1.ExecStart;
import io.infra.arl.api.sidecar.v1.FileWrite;
import io.infra.arl.api.sidecar.v1.WriteFilesResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The gateway's unary and server-streaming calls, asynchronous, each with a deadline. */
public final class GatewayCalls {
  private static final Duration UNARY_DEADLINE = Duration.ofSeconds(30);

  private final GatewayGrpc.GatewayStub stub;

  /** Calls over {@code channel} (see {@link Channels}). */
  public GatewayCalls(ManagedChannel channel) {
    this.stub = GatewayGrpc.newStub(channel);
  }

  /** A claim spec for pool {@code pool} with the given idle timeout and claim timeout. */
  public static ClaimSpec spec(String pool, int idleTimeoutSeconds, int claimTimeoutMs) {
    return ClaimSpec.newBuilder()
        .setPool(pool)
        .setIdleTimeoutSeconds(idleTimeoutSeconds)
        .setClaimTimeoutMs(claimTimeoutMs)
        .build();
  }

  /** The reference a claim answer gives to later calls. */
  public static SandboxRef ref(ClaimResponse claim) {
    return SandboxRef.newBuilder()
        .setId(claim.getSandbox().getId())
        .setLeaseToken(claim.getLeaseToken())
        .build();
  }

  /** Claims a sandbox. */
  public CompletableFuture<ClaimResponse> claim(ClaimSpec spec) {
    UnaryObserver<ClaimResponse> observer = new UnaryObserver<>();
    unary().claim(ClaimRequest.newBuilder().setSpec(spec).build(), observer);
    return observer.future();
  }

  /** Releases a sandbox. */
  public CompletableFuture<ReleaseResponse> release(SandboxRef ref) {
    UnaryObserver<ReleaseResponse> observer = new UnaryObserver<>();
    unary().release(ReleaseRequest.newBuilder().setSandbox(ref).build(), observer);
    return observer.future();
  }

  /** Runs a process in a held sandbox and consumes its events. */
  public CompletableFuture<ExecOutcome> exec(SandboxRef ref, ExecStart start, Duration deadline) {
    ExecCollector<ExecRequest> collector = new ExecCollector<>();
    stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
        .exec(ExecRequest.newBuilder().setSandbox(ref).setStart(start).build(), collector);
    return collector.future();
  }

  /** Writes one file into a held sandbox. */
  public CompletableFuture<?> writeFile(SandboxRef ref, FileWrite file) {
    UnaryObserver<WriteFilesResponse> observer = new UnaryObserver<>();
    unary()
        .writeFiles(
            WriteFilesRequest.newBuilder().setSandbox(ref).addFiles(file).build(), observer);
    return observer.future();
  }

  /** Pool {@code name} as the gateway reports it now. */
  public CompletableFuture<Pool> pool(String name) {
    UnaryObserver<ListPoolsResponse> observer = new UnaryObserver<>();
    unary().listPools(ListPoolsRequest.getDefaultInstance(), observer);
    return observer
        .future()
        .thenApply(
            r ->
                r.getPoolsList().stream()
                    .filter(p -> p.getName().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no pool " + name)));
  }

  /** The async stub, for calls this class does not wrap (sessions). */
  public GatewayGrpc.GatewayStub stub() {
    return stub;
  }

  private GatewayGrpc.GatewayStub unary() {
    return stub.withDeadlineAfter(UNARY_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
  }
}

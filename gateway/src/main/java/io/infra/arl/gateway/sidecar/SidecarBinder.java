package io.infra.arl.gateway.sidecar;

import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.infra.arl.api.sidecar.v1.BindRequest;
import io.infra.arl.api.sidecar.v1.BindResponse;
import io.infra.arl.api.sidecar.v1.ResetRequest;
import io.infra.arl.api.sidecar.v1.SidecarGrpc;
import io.infra.arl.gateway.config.GatewayConfig;
import io.infra.arl.gateway.failure.Failure;
import io.infra.arl.gateway.failure.GatewayException;
import io.infra.arl.gateway.pool.SandboxTarget;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Binds sidecars to leases and opens lease-carrying connections to them. */
@Singleton
public class SidecarBinder {
  private final SidecarChannels channels;
  private final Duration callTimeout;

  public SidecarBinder(SidecarChannels channels, GatewayConfig config) {
    this.channels = channels;
    this.callTimeout = config.sidecarCallTimeout();
  }

  /**
   * Binds the sandbox's sidecar to a lease; the future completes with a connection that presents
   * the lease. Never blocks: the answer completes the future on the channel's event loop, so
   * whatever the caller chains on it must not block either.
   *
   * <p>The future fails with a {@link GatewayException}: LEASE_LOST when the sidecar already serves
   * a newer lease, UNAVAILABLE when it cannot be reached.
   */
  public CompletableFuture<SidecarConnection> bind(
      SandboxTarget target, String leaseId, long fencingToken) {
    ManagedChannel channel = channels.channel(target);
    CompletableFuture<SidecarConnection> bound = new CompletableFuture<>();
    // Detached from the calling agent's call: the bind may be started on another agent's thread
    // (claims waiting in line are served by whichever thread dispatches), and that call ending
    // must not cancel it.
    Context.current().fork().run(() -> startBind(channel, target, leaseId, fencingToken, bound));
    return bound;
  }

  private void startBind(
      ManagedChannel channel,
      SandboxTarget target,
      String leaseId,
      long fencingToken,
      CompletableFuture<SidecarConnection> bound) {
    SidecarGrpc.newStub(channel)
        .withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .bind(
            BindRequest.newBuilder().setLeaseId(leaseId).setFencingToken(fencingToken).build(),
            new BindOutcome(
                bound,
                target,
                fencingToken,
                new SidecarConnection(channel, leaseId, fencingToken, callTimeout)));
  }

  /**
   * Kills the sandbox's processes, empties its workspace and unbinds it.
   *
   * @throws GatewayException LEASE_LOST when the sidecar serves a newer lease already, UNAVAILABLE
   *     when it cannot be reset
   */
  public void reset(SidecarConnection connection) {
    try {
      connection.blocking().reset(ResetRequest.getDefaultInstance());
    } catch (StatusRuntimeException e) {
      throw new GatewayException(
          e.getStatus().getCode() == Status.Code.ABORTED ? Failure.LEASE_LOST : Failure.UNAVAILABLE,
          "reset refused: " + e.getStatus().getCode() + " " + e.getStatus().getDescription(),
          e);
    }
  }

  /** Completes a bind's future from the sidecar's answer, mapping its failure. */
  private record BindOutcome(
      CompletableFuture<SidecarConnection> bound,
      SandboxTarget target,
      long fencingToken,
      SidecarConnection connection)
      implements StreamObserver<BindResponse> {
    @Override
    public void onNext(BindResponse response) {}

    @Override
    public void onError(Throwable t) {
      bound.completeExceptionally(failure(Status.fromThrowable(t)));
    }

    @Override
    public void onCompleted() {
      bound.complete(connection);
    }

    private GatewayException failure(Status status) {
      if (status.getCode() == Status.Code.ABORTED) {
        return new GatewayException(
            Failure.LEASE_LOST,
            "sandbox " + target.id() + " is bound to a newer lease than token " + fencingToken,
            status.asRuntimeException());
      }
      return new GatewayException(
          Failure.UNAVAILABLE,
          "sidecar of sandbox " + target.id() + " did not answer: " + status.getCode(),
          status.asRuntimeException());
    }
  }
}

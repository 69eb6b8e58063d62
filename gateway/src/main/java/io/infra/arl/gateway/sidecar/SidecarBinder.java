package io.infra.arl.gateway.sidecar;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.infra.arl.api.sidecar.v1.BindRequest;
import io.infra.arl.api.sidecar.v1.ResetRequest;
import io.infra.arl.api.sidecar.v1.SidecarGrpc;
import io.infra.arl.gateway.config.GatewayConfig;
import io.infra.arl.gateway.failure.Failure;
import io.infra.arl.gateway.failure.GatewayException;
import io.infra.arl.gateway.pool.SandboxTarget;
import jakarta.inject.Singleton;
import java.time.Duration;
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
   * Binds the sandbox's sidecar to a lease and returns a connection that presents it.
   *
   * @throws GatewayException LEASE_LOST when the sidecar already serves a newer lease, UNAVAILABLE
   *     when it cannot be reached
   */
  public SidecarConnection bind(SandboxTarget target, String leaseId, long fencingToken) {
    var channel = channels.channel(target);
    try {
      SidecarGrpc.newBlockingStub(channel)
          .withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS)
          .bind(BindRequest.newBuilder().setLeaseId(leaseId).setFencingToken(fencingToken).build());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.ABORTED) {
        throw new GatewayException(
            Failure.LEASE_LOST,
            "sandbox " + target.id() + " is bound to a newer lease than token " + fencingToken,
            e);
      }
      throw new GatewayException(
          Failure.UNAVAILABLE,
          "sidecar of sandbox " + target.id() + " did not answer: " + e.getStatus().getCode(),
          e);
    }
    return new SidecarConnection(channel, leaseId, fencingToken, callTimeout);
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

  /** Forgets the channel of a sandbox that is gone. */
  public void forget(SandboxTarget target) {
    channels.evict(target);
  }
}

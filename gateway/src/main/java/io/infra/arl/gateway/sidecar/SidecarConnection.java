package io.infra.arl.gateway.sidecar;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.infra.arl.api.sidecar.v1.SidecarGrpc;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Stubs to one sidecar that carry one lease's fencing metadata on every call. The sidecar refuses
 * calls whose lease is not the one it is bound to, so a gateway that lost a lease cannot act on the
 * sandbox any more.
 */
public final class SidecarConnection {
  static final Metadata.Key<String> LEASE_ID =
      Metadata.Key.of("arl-lease-id", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> FENCING_TOKEN =
      Metadata.Key.of("arl-fencing-token", Metadata.ASCII_STRING_MARSHALLER);

  private final SidecarGrpc.SidecarStub async;
  private final SidecarGrpc.SidecarBlockingStub blocking;
  private final Duration callTimeout;

  public SidecarConnection(
      ManagedChannel channel, String leaseId, long fencingToken, Duration callTimeout) {
    Metadata headers = new Metadata();
    headers.put(LEASE_ID, leaseId);
    headers.put(FENCING_TOKEN, Long.toString(fencingToken));
    var attach = MetadataUtils.newAttachHeadersInterceptor(headers);
    this.async = SidecarGrpc.newStub(channel).withInterceptors(attach);
    this.blocking = SidecarGrpc.newBlockingStub(channel).withInterceptors(attach);
    this.callTimeout = callTimeout;
  }

  /** Async stub for streams; the caller sets the deadline that fits the call. */
  public SidecarGrpc.SidecarStub async() {
    return async;
  }

  /** Async stub with the unary call deadline applied. */
  public SidecarGrpc.SidecarStub asyncUnary() {
    return async.withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Blocking stub with the unary call deadline applied. */
  public SidecarGrpc.SidecarBlockingStub blocking() {
    return blocking.withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}

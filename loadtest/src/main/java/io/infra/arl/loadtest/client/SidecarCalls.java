package io.infra.arl.loadtest.client;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.infra.arl.api.sidecar.v1.BindRequest;
import io.infra.arl.api.sidecar.v1.ExecRequest;
import io.infra.arl.api.sidecar.v1.ExecStart;
import io.infra.arl.api.sidecar.v1.SidecarGrpc;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Direct calls to a sidecar, as the gateway makes them: bound once to a lease, then every call
 * carries the lease in metadata. This is the baseline the gateway's relay is compared with.
 */
public final class SidecarCalls {
  private final SidecarGrpc.SidecarStub stub;

  private SidecarCalls(SidecarGrpc.SidecarStub stub) {
    this.stub = stub;
  }

  /** Binds the sidecar behind {@code channel} to a lease and returns calls that present it. */
  public static SidecarCalls bind(ManagedChannel channel, String leaseId, long fencingToken) {
    SidecarGrpc.newBlockingStub(channel)
        .withDeadlineAfter(30, TimeUnit.SECONDS)
        .bind(BindRequest.newBuilder().setLeaseId(leaseId).setFencingToken(fencingToken).build());
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("arl-lease-id", Metadata.ASCII_STRING_MARSHALLER), leaseId);
    headers.put(
        Metadata.Key.of("arl-fencing-token", Metadata.ASCII_STRING_MARSHALLER),
        Long.toString(fencingToken));
    return new SidecarCalls(
        SidecarGrpc.newStub(channel)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers)));
  }

  /** Runs a process (start, then half-close: no stdin) and consumes its events. */
  public CompletableFuture<ExecOutcome> exec(ExecStart start, Duration deadline) {
    ExecCollector<ExecRequest> collector = new ExecCollector<>();
    var requests =
        stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS).exec(collector);
    requests.onNext(ExecRequest.newBuilder().setStart(start).build());
    requests.onCompleted();
    return collector.future();
  }
}

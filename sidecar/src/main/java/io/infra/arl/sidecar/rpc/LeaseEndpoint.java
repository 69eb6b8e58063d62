package io.infra.arl.sidecar.rpc;

import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import io.infra.arl.api.sidecar.v1.BindRequest;
import io.infra.arl.api.sidecar.v1.BindResponse;
import io.infra.arl.api.sidecar.v1.ResetRequest;
import io.infra.arl.api.sidecar.v1.ResetResponse;
import io.infra.arl.sidecar.fence.BindOutcome;
import io.infra.arl.sidecar.fence.Binding;
import io.infra.arl.sidecar.fence.LeaseFence;
import io.infra.arl.sidecar.fs.Workspace;
import io.infra.arl.sidecar.process.ProcessTable;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Bind and Reset: the lease life cycle of the sidecar.
 *
 * <p>Bind is on every claim's critical path, so it is called on the transport thread ({@link
 * CallExecutors}) and answers there when it needs no waiting (the usual case: a ready sidecar is
 * unbound); otherwise it moves to {@code blocking}, which may wait for admitted calls and end a
 * taken-over lease's work.
 */
public final class LeaseEndpoint {

  private final LeaseFence fence;
  private final ProcessTable processes;
  private final Workspace workspace;
  private final Executor blocking;

  /**
   * Binds {@code fence}; Reset kills {@code processes} and empties {@code workspace}; a Bind that
   * may block runs on {@code blocking}.
   */
  public LeaseEndpoint(
      LeaseFence fence, ProcessTable processes, Workspace workspace, Executor blocking) {
    this.fence = fence;
    this.processes = processes;
    this.workspace = workspace;
    this.blocking = blocking;
  }

  /** Bind: needs no lease metadata. Called on the transport thread: must not block. */
  public void bind(BindRequest request, StreamObserver<BindResponse> responses) {
    String leaseId = request.getLeaseId();
    long token = request.getFencingToken();
    Optional<BindOutcome> done;
    try {
      done = fence.bindWithoutWaiting(leaseId, token);
    } catch (RuntimeException e) {
      responses.onError(StatusMapping.toStatus(e).asRuntimeException());
      return;
    }
    if (done.isPresent()) {
      responses.onNext(response(done.get()));
      responses.onCompleted();
      return;
    }
    blocking.execute(
        Context.current()
            .wrap(
                () -> StatusMapping.unary(responses, () -> response(fence.bind(leaseId, token)))));
  }

  private static BindResponse response(BindOutcome outcome) {
    return BindResponse.newBuilder()
        .setPreviousFencingToken(outcome.previousFencingToken())
        .setKilledProcesses(outcome.killedProcesses())
        .build();
  }

  /** Reset: kills every process, empties the workspace, unbinds. */
  public void reset(ResetRequest request, StreamObserver<ResetResponse> responses) {
    Binding binding = FencingInterceptor.currentBinding();
    StatusMapping.unary(
        responses,
        () ->
            fence.reset(
                binding,
                () -> {
                  int killed = processes.killAll();
                  int removed = workspace.clear();
                  return ResetResponse.newBuilder()
                      .setKilledProcesses(killed)
                      .setRemovedEntries(removed)
                      .build();
                }));
  }
}

package io.infra.arl.sidecar.rpc;

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

/** Bind and Reset: the lease life cycle of the sidecar. */
public final class LeaseEndpoint {

  private final LeaseFence fence;
  private final ProcessTable processes;
  private final Workspace workspace;

  /** Binds {@code fence}; Reset kills {@code processes} and empties {@code workspace}. */
  public LeaseEndpoint(LeaseFence fence, ProcessTable processes, Workspace workspace) {
    this.fence = fence;
    this.processes = processes;
    this.workspace = workspace;
  }

  /** Bind: needs no lease metadata. */
  public void bind(BindRequest request, StreamObserver<BindResponse> responses) {
    StatusMapping.unary(
        responses,
        () -> {
          BindOutcome outcome = fence.bind(request.getLeaseId(), request.getFencingToken());
          return BindResponse.newBuilder()
              .setPreviousFencingToken(outcome.previousFencingToken())
              .setKilledProcesses(outcome.killedProcesses())
              .build();
        });
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

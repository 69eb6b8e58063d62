package io.infra.arl.sidecar.rpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import io.infra.arl.api.sidecar.v1.SidecarGrpc;
import java.util.concurrent.Executor;

/**
 * Where a sidecar's calls run. The server's own executor is the transport thread ({@code
 * directExecutor}); every call but Bind is moved to {@code blocking} (its handlers block on file
 * and process I/O). Bind stays on the transport thread: it answers there when it needs no waiting
 * and hands itself to {@code blocking} otherwise ({@link LeaseEndpoint#bind}), which saves a claim
 * two thread wake-ups: to the virtual thread and back to the transport.
 */
public final class CallExecutors implements ServerCallExecutorSupplier {
  private static final String BIND = SidecarGrpc.getBindMethod().getFullMethodName();

  private final Executor blocking;

  /** Runs every call but Bind on {@code blocking}. */
  public CallExecutors(Executor blocking) {
    this.blocking = blocking;
  }

  @Override
  public <Q, R> Executor getExecutor(ServerCall<Q, R> call, Metadata headers) {
    // null keeps the server's executor: the transport thread.
    return BIND.equals(call.getMethodDescriptor().getFullMethodName()) ? null : blocking;
  }
}

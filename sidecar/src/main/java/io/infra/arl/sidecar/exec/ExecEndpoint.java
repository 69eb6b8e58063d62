package io.infra.arl.sidecar.exec;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.infra.arl.api.sidecar.v1.ExecEvent;
import io.infra.arl.api.sidecar.v1.ExecRequest;
import io.infra.arl.sidecar.fence.LeaseFence;
import io.infra.arl.sidecar.fs.Workspace;
import io.infra.arl.sidecar.process.ProcessTable;
import io.infra.arl.sidecar.rpc.FencingInterceptor;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

/** The Exec RPC: one {@link ExecStream} per call. */
public final class ExecEndpoint {

  private final Workspace workspace;
  private final ProcessTable processes;
  private final LeaseFence fence;
  private final ScheduledExecutorService timer;
  private final Duration keepAliveInterval;
  private final Duration defaultTimeout;

  /**
   * Runs execs.
   *
   * @param workspace where working directories are resolved
   * @param processes where processes are started
   * @param fence the lease every exec runs under
   * @param timer schedules keep-alives (tasks never block)
   * @param keepAliveInterval how long a stream may stay quiet before a keep-alive
   * @param defaultTimeout the timeout when the request gives none
   */
  public ExecEndpoint(
      Workspace workspace,
      ProcessTable processes,
      LeaseFence fence,
      ScheduledExecutorService timer,
      Duration keepAliveInterval,
      Duration defaultTimeout) {
    this.workspace = workspace;
    this.processes = processes;
    this.fence = fence;
    this.timer = timer;
    this.keepAliveInterval = keepAliveInterval;
    this.defaultTimeout = defaultTimeout;
  }

  /** Exec: returns the stream that handles the client's messages. */
  public StreamObserver<ExecRequest> exec(StreamObserver<ExecEvent> responses) {
    var stream =
        new ExecStream(
            (ServerCallStreamObserver<ExecEvent>) responses,
            FencingInterceptor.currentBinding(),
            this);
    stream.attach();
    return stream;
  }

  Workspace workspace() {
    return workspace;
  }

  ProcessTable processes() {
    return processes;
  }

  LeaseFence fence() {
    return fence;
  }

  ScheduledExecutorService timer() {
    return timer;
  }

  Duration keepAliveInterval() {
    return keepAliveInterval;
  }

  Duration defaultTimeout() {
    return defaultTimeout;
  }
}

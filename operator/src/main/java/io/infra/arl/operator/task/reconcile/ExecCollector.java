package io.infra.arl.operator.task.reconcile;

import io.grpc.stub.StreamObserver;
import io.infra.arl.api.sidecar.v1.ExecEvent;
import io.infra.arl.api.sidecar.v1.ExecExited;
import io.infra.arl.operator.task.plan.CappedOutput;
import java.util.concurrent.CompletableFuture;

/**
 * Receives one exec stream: stdout and stderr chunks into capped buffers (the rest is read and
 * dropped, so the process is never blocked on a full pipe), and the exit into a future.
 */
final class ExecCollector implements StreamObserver<ExecEvent> {

  private final CappedOutput stdout;
  private final CappedOutput stderr;
  private final CompletableFuture<ExecExited> exited = new CompletableFuture<>();

  ExecCollector(CappedOutput stdout, CappedOutput stderr) {
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /** Completes with the exit, or exceptionally with the stream's error. */
  CompletableFuture<ExecExited> exited() {
    return exited;
  }

  @Override
  public void onNext(ExecEvent event) {
    switch (event.getKindCase()) {
      case STDOUT -> stdout.append(event.getStdout().toByteArray());
      case STDERR -> stderr.append(event.getStderr().toByteArray());
      case EXITED -> exited.complete(event.getExited());
      default -> {
        // started and keep-alives carry nothing a Task records
      }
    }
  }

  @Override
  public void onError(Throwable t) {
    exited.completeExceptionally(t);
  }

  @Override
  public void onCompleted() {
    exited.completeExceptionally(
        new IllegalStateException("exec stream ended without an exit event"));
  }
}

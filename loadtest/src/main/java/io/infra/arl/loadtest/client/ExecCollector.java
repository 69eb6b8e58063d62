package io.infra.arl.loadtest.client;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.infra.arl.api.sidecar.v1.ExecEvent;
import java.util.concurrent.CompletableFuture;

/**
 * Consumes an exec's event stream, counting stdout bytes without keeping them, and completes with
 * the outcome when the stream ends. A stream that ends without an exited event fails the future.
 * Inbound flow control is gRPC's default (one message requested after each is delivered), the same
 * for the gateway and the sidecar.
 *
 * @param <Q> the request type of the call
 */
final class ExecCollector<Q> implements ClientResponseObserver<Q, ExecEvent> {
  private final CompletableFuture<ExecOutcome> future = new CompletableFuture<>();
  private long stdoutBytes;
  private long messages;
  private int exitCode = Integer.MIN_VALUE;

  CompletableFuture<ExecOutcome> future() {
    return future;
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<Q> requestStream) {
    // Nothing to configure: counting bytes never falls behind the network.
  }

  @Override
  public void onNext(ExecEvent event) {
    messages++;
    switch (event.getKindCase()) {
      case STDOUT -> stdoutBytes += event.getStdout().size();
      case EXITED -> exitCode = event.getExited().getExitCode();
      default -> {
        // started, stderr and keep-alives carry nothing the benchmarks count
      }
    }
  }

  @Override
  public void onError(Throwable t) {
    future.completeExceptionally(t);
  }

  @Override
  public void onCompleted() {
    if (exitCode == Integer.MIN_VALUE) {
      future.completeExceptionally(new IllegalStateException("exec stream ended without exited"));
      return;
    }
    future.complete(new ExecOutcome(exitCode, stdoutBytes, messages));
  }
}

package io.infra.arl.gateway.exec;

import io.grpc.stub.ServerCallStreamObserver;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The agent-facing side of a server stream, shared by every relay that writes into it (a session
 * multiplexes many). Sends are serialised (StreamObserver is not thread safe); relays ask to be
 * woken when the agent can take more instead of buffering.
 *
 * @param <T> message type
 */
public final class OutboundStream<T> {
  private final ServerCallStreamObserver<T> call;
  private final ConcurrentLinkedQueue<Runnable> waitingForReady = new ConcurrentLinkedQueue<>();
  private boolean closed; // guarded by this
  private volatile Runnable onCancel = () -> {};

  /** Must be created inside the service method, before it returns (gRPC's rule for handlers). */
  public OutboundStream(ServerCallStreamObserver<T> call) {
    this.call = call;
    // Wakes relays parked because the agent's window was full; see whenReady for the lost-wakeup
    // race.
    call.setOnReadyHandler(this::wakeWaiting);
    // With a cancel handler set, onNext after cancellation is ignored instead of throwing.
    call.setOnCancelHandler(
        () -> {
          synchronized (this) {
            closed = true;
          }
          onCancel.run();
        });
  }

  /** Sets what runs when the agent cancels the call (at most once). */
  public void onCancel(Runnable action) {
    this.onCancel = action;
    if (call.isCancelled()) { // cancelled before the action was set: run it now
      action.run();
    }
  }

  /** Sends one message; false (and nothing sent) once the stream is closed or cancelled. */
  public synchronized boolean send(T message) {
    if (closed) {
      return false;
    }
    call.onNext(message);
    return true;
  }

  /** Whether the agent's flow-control window has room now. */
  public boolean isReady() {
    return call.isReady();
  }

  /**
   * Runs {@code action} once when the stream can take more: now if it already can, else from the
   * next onReady. Re-checking after enqueueing closes the race where onReady fires between a
   * relay's isReady() == false and its call here, which would otherwise park it forever.
   */
  public void whenReady(Runnable action) {
    waitingForReady.add(action);
    if (call.isReady()) {
      wakeWaiting();
    }
  }

  private void wakeWaiting() {
    Runnable action;
    while ((action = waitingForReady.poll()) != null) {
      action.run();
    }
  }

  /** Completes the stream successfully (once). */
  public synchronized void complete() {
    if (!closed) {
      closed = true;
      call.onCompleted();
    }
  }

  /** Ends the stream with an error (once). */
  public synchronized void fail(Throwable error) {
    if (!closed) {
      closed = true;
      call.onError(error);
    }
  }
}

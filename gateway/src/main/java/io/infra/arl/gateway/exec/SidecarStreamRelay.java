package io.infra.arl.gateway.exec;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Relays one sidecar stream (exec events, file chunks) to an agent-facing {@link OutboundStream}
 * under end-to-end flow control: the next message is requested from the sidecar only when the agent
 * can take it, so a slow agent slows the sidecar (and, behind it, the process's pipe) instead of
 * growing the gateway's heap. A few messages ({@link #WINDOW}) may be in flight from the sidecar so
 * that a fast stream does not wait a thread round trip per message; each one relayed asks for one
 * more only while the agent has room, so the gateway never holds more than that window per stream.
 * Requests towards the sidecar (stdin, signals) go through {@link #send}; the caller asks for more
 * agent input only when {@link #whenWritable} says so.
 *
 * @param <Q> request type towards the sidecar
 * @param <S> response type from the sidecar
 * @param <T> message type towards the agent
 */
public final class SidecarStreamRelay<Q, S, T> implements ClientResponseObserver<Q, S> {
  /** Sidecar messages requested but not yet relayed, at most (exec output chunks are <= 32 KiB). */
  static final int WINDOW = 4;

  private final OutboundStream<T> out;
  private final Function<S, T> wrap;
  private final Consumer<S> onMessage;
  private final Consumer<Throwable> onError;
  private final Runnable onCompleted;
  private final ConcurrentLinkedQueue<Runnable> waitingForWritable = new ConcurrentLinkedQueue<>();
  private volatile ClientCallStreamObserver<Q> toSidecar;
  private volatile boolean ended;

  /**
   * @param out where the sidecar's messages go
   * @param wrap turns a sidecar message into the agent's message type
   * @param onMessage sees every sidecar message before it is relayed (activity, metrics)
   * @param onError called once if the sidecar stream fails
   * @param onCompleted called once when the sidecar stream ends normally
   */
  public SidecarStreamRelay(
      OutboundStream<T> out,
      Function<S, T> wrap,
      Consumer<S> onMessage,
      Consumer<Throwable> onError,
      Runnable onCompleted) {
    this.out = out;
    this.wrap = wrap;
    this.onMessage = onMessage;
    this.onError = onError;
    this.onCompleted = onCompleted;
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<Q> requestStream) {
    this.toSidecar = requestStream;
    // A bounded window in flight from the sidecar; each relayed message is replaced only when
    // the agent has room, so requested - relayed never exceeds WINDOW.
    requestStream.disableAutoRequestWithInitial(WINDOW);
    // Wakes agent input (stdin) parked because the sidecar's window was full.
    requestStream.setOnReadyHandler(this::wakeWritable);
  }

  @Override
  public void onNext(S message) {
    onMessage.accept(message);
    out.send(wrap.apply(message));
    if (out.isReady()) {
      toSidecar.request(1);
    } else {
      // Agent window full: stop reading from the sidecar until the agent drains it.
      out.whenReady(() -> toSidecar.request(1));
    }
  }

  @Override
  public void onError(Throwable t) {
    ended = true;
    wakeWritable(); // nobody waits on a dead stream
    onError.accept(t);
  }

  @Override
  public void onCompleted() {
    ended = true;
    wakeWritable();
    onCompleted.run();
  }

  /** Sends a request to the sidecar. Calls must not overlap (the session serialises them). */
  public synchronized void send(Q request) {
    toSidecar.onNext(request);
  }

  /** Half-closes the stream towards the sidecar. */
  public synchronized void halfClose() {
    toSidecar.onCompleted();
  }

  /** Cancels the sidecar stream; the sidecar kills the exec unless it is detached. */
  public void cancel(String reason) {
    ClientCallStreamObserver<Q> stream = toSidecar;
    if (stream != null) {
      stream.cancel(reason, null);
    }
  }

  /** Runs {@code action} once the sidecar can take more requests (now if it can). */
  public void whenWritable(Runnable action) {
    waitingForWritable.add(action);
    if (ended || toSidecar.isReady()) {
      wakeWritable();
    }
  }

  private void wakeWritable() {
    Runnable action;
    while ((action = waitingForWritable.poll()) != null) {
      action.run();
    }
  }
}

package io.infra.arl.loadtest.client;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.infra.arl.api.gateway.v1.ClaimSpec;
import io.infra.arl.api.gateway.v1.GatewayGrpc;
import io.infra.arl.api.gateway.v1.OpenSession;
import io.infra.arl.api.gateway.v1.SessionEvent;
import io.infra.arl.api.gateway.v1.SessionOpened;
import io.infra.arl.api.gateway.v1.SessionRequest;
import java.util.concurrent.CompletableFuture;

/**
 * A Session stream that opens (claims a sandbox) and then stays idle until {@link #close()}: what
 * an agent that thinks between commands looks like to the gateway. Keep-alive events are consumed
 * and ignored.
 */
public final class IdleSession implements ClientResponseObserver<SessionRequest, SessionEvent> {
  private final CompletableFuture<SessionOpened> opened = new CompletableFuture<>();
  private final CompletableFuture<Void> ended = new CompletableFuture<>();
  private ClientCallStreamObserver<SessionRequest> requests;

  private IdleSession() {}

  /** Opens a session with {@code spec}; {@link #opened()} completes when the sandbox is claimed. */
  public static IdleSession open(GatewayGrpc.GatewayStub stub, ClaimSpec spec) {
    IdleSession session = new IdleSession();
    var stream = stub.session(session);
    stream.onNext(
        SessionRequest.newBuilder()
            .setRequestId("open")
            .setOpen(OpenSession.newBuilder().setSpec(spec))
            .build());
    return session;
  }

  /** Completes with the opened event; fails if the stream ends first. */
  public CompletableFuture<SessionOpened> opened() {
    return opened;
  }

  /** Completes when the server ends the stream. */
  public CompletableFuture<Void> ended() {
    return ended;
  }

  /** Half-closes the stream: the gateway releases the sandbox and completes the stream. */
  public synchronized void close() {
    requests.onCompleted();
  }

  @Override
  public synchronized void beforeStart(ClientCallStreamObserver<SessionRequest> requestStream) {
    this.requests = requestStream;
  }

  @Override
  public void onNext(SessionEvent event) {
    if (event.hasOpened()) {
      opened.complete(event.getOpened());
    } else if (event.hasError()) {
      opened.completeExceptionally(
          new IllegalStateException("session error: " + event.getError().getMessage()));
    }
  }

  @Override
  public void onError(Throwable t) {
    opened.completeExceptionally(t);
    ended.completeExceptionally(t);
  }

  @Override
  public void onCompleted() {
    opened.completeExceptionally(new IllegalStateException("session ended before it opened"));
    ended.complete(null);
  }
}

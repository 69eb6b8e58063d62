package io.infra.arl.gateway;

import io.grpc.stub.StreamObserver;
import io.infra.arl.api.gateway.v1.GatewayGrpc;
import io.infra.arl.api.gateway.v1.SessionEvent;
import io.infra.arl.api.gateway.v1.SessionRequest;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A test agent on one Session stream: sends requests, takes events in order. */
final class SessionClient implements StreamObserver<SessionEvent> {
  private final BlockingQueue<SessionEvent> events = new LinkedBlockingQueue<>();
  final CompletableFuture<Void> ended = new CompletableFuture<>();
  private final StreamObserver<SessionRequest> requests;

  SessionClient(GatewayGrpc.GatewayStub stub) {
    this.requests = stub.session(this);
  }

  void send(SessionRequest request) {
    requests.onNext(request);
  }

  void halfClose() {
    requests.onCompleted();
  }

  void cancel() {
    requests.onError(new RuntimeException("agent went away"));
  }

  /** The next event that matches, skipping others (e.g. keep-alives); fails after 10 s. */
  SessionEvent next(Predicate<SessionEvent> match) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      SessionEvent event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (event == null) {
        throw new AssertionError("no matching session event within 10 s; ended=" + ended);
      }
      if (match.test(event)) {
        return event;
      }
    }
  }

  @Override
  public void onNext(SessionEvent event) {
    events.add(event);
  }

  @Override
  public void onError(Throwable t) {
    ended.completeExceptionally(t);
  }

  @Override
  public void onCompleted() {
    ended.complete(null);
  }
}

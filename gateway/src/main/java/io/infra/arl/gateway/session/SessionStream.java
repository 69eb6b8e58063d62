package io.infra.arl.gateway.session;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.infra.arl.api.gateway.v1.OpenSession;
import io.infra.arl.api.gateway.v1.SessionClosed;
import io.infra.arl.api.gateway.v1.SessionError;
import io.infra.arl.api.gateway.v1.SessionEvent;
import io.infra.arl.api.gateway.v1.SessionOpened;
import io.infra.arl.api.gateway.v1.SessionRequest;
import io.infra.arl.api.sidecar.v1.KeepAlive;
import io.infra.arl.gateway.api.ProtoMapper;
import io.infra.arl.gateway.api.StatusMapper;
import io.infra.arl.gateway.auth.Tenant;
import io.infra.arl.gateway.claim.ClaimSpec;
import io.infra.arl.gateway.claim.ClaimSpecParser;
import io.infra.arl.gateway.exec.OutboundStream;
import io.infra.arl.gateway.failure.Failure;
import io.infra.arl.gateway.failure.GatewayException;
import io.infra.arl.gateway.sandbox.HeldSandbox;

/**
 * One Session stream. The first request opens (claims) or attaches a sandbox; later ones are
 * relayed to its sidecar, multiplexed by request and exec ids. Inbound messages are requested one
 * at a time: the next is asked for only when the current one has been handed on, so an agent that
 * writes faster than the sandbox reads is held back by HTTP/2 flow control, not by gateway memory.
 */
public final class SessionStream implements StreamObserver<SessionRequest> {
  private static final GatewayException SESSION_ENDED =
      new GatewayException(Failure.NOT_FOUND, "the sandbox was released when its session ended");

  private final ServerCallStreamObserver<SessionEvent> call;
  private final OutboundStream<SessionEvent> out;
  private final Sessions sessions;
  private final SessionServices services;
  private volatile HeldSandbox sandbox;
  private volatile boolean keepAlive;
  private volatile SessionRequests requests;
  private volatile boolean ended;

  public SessionStream(ServerCallStreamObserver<SessionEvent> call, Sessions sessions) {
    this.call = call;
    this.sessions = sessions;
    this.services = sessions.services();
    this.out = new OutboundStream<>(call);
    // Inbound flow control: one request at a time, each asked for once the previous is handled.
    call.disableAutoRequest();
    out.onCancel(() -> services.blocking().run(() -> end(false)));
    sessions.opened(this);
    call.request(1);
  }

  @Override
  public void onNext(SessionRequest request) {
    switch (request.getKindCase()) {
      // Claims and releases make lease-store round trips: not on the server's event loop.
      case OPEN, CLOSE -> services.blocking().run(() -> handle(request));
      default -> handle(request);
    }
  }

  private void handle(SessionRequest request) {
    try {
      dispatch(request);
    } catch (GatewayException e) {
      if (sandbox == null) {
        fail(e); // nothing is open yet: the session cannot go on
      } else {
        reportError(request.getRequestId(), "", e);
        requestNext();
      }
    }
  }

  private void dispatch(SessionRequest request) {
    switch (request.getKindCase()) {
      case OPEN -> open(request.getRequestId(), request.getOpen());
      case ATTACH -> attach(request);
      case CLOSE -> close(request.getRequestId());
      case KIND_NOT_SET ->
          throw GatewayException.invalid(
              "kind", "not set", "one of open, attach, exec, files, keepAlive, close");
      default -> requests().handle(request);
    }
  }

  private void open(String requestId, OpenSession open) {
    requireNotOpen();
    ClaimSpec spec = ClaimSpecParser.parse(open.getSpec());
    Tenant.current().requirePool(spec.pool());
    long started = System.nanoTime();
    services
        .claims()
        .claim(spec)
        .whenComplete(
            (held, error) -> {
              if (error != null) {
                fail(error);
                return;
              }
              opened(requestId, held, open.getKeepAlive(), (System.nanoTime() - started) / 1_000);
            });
  }

  private void attach(SessionRequest request) {
    requireNotOpen();
    var ref = request.getAttach().getSandbox();
    HeldSandbox held = services.registry().authorize(ref.getId(), ref.getLeaseToken());
    held.touch(services.clock().millis());
    opened(request.getRequestId(), held, request.getAttach().getKeepAlive(), 0);
  }

  private void opened(String requestId, HeldSandbox held, boolean keep, long latencyMicros) {
    synchronized (this) {
      if (ended) { // the agent left while the claim was in flight: give the sandbox back
        // Off this thread: a claim completes on a sidecar channel's event loop.
        services.blocking().run(() -> services.releaser().release(held, SESSION_ENDED));
        return;
      }
      this.sandbox = held;
      this.keepAlive = keep;
      this.requests = new SessionRequests(held, this, services.clock(), services.metrics());
    }
    held.onRelease(this::fail);
    send(
        event(requestId)
            .setOpened(
                SessionOpened.newBuilder()
                    .setSandbox(ProtoMapper.sandbox(held))
                    .setLeaseToken(held.leaseToken())
                    .setClaimLatencyUs(latencyMicros))
            .build());
    requestNext();
  }

  private void close(String requestId) {
    boolean released = end(true);
    send(event(requestId).setClosed(SessionClosed.newBuilder().setReleased(released)).build());
    out.complete();
  }

  private SessionRequests requests() {
    SessionRequests current = requests;
    if (current == null) {
      throw new GatewayException(
          Failure.PRECONDITION, "the first request of a session must be open or attach");
    }
    return current;
  }

  private void requireNotOpen() {
    if (sandbox != null || requests != null) {
      throw new GatewayException(
          Failure.PRECONDITION, "this session already has sandbox " + sandbox.id());
    }
  }

  /** Asks the agent for its next request. */
  void requestNext() {
    call.request(1);
  }

  OutboundStream<SessionEvent> out() {
    return out;
  }

  void send(SessionEvent event) {
    out.send(event);
  }

  void reportError(String requestId, String execId, Throwable error) {
    Status status = StatusMapper.toStatus(error);
    send(
        event(requestId)
            .setError(
                SessionError.newBuilder()
                    .setCode(status.getCode().value())
                    .setMessage(
                        status.getDescription() == null
                            ? status.getCode().name()
                            : status.getDescription())
                    .setExecId(execId))
            .build());
  }

  static SessionEvent.Builder event(String requestId) {
    return SessionEvent.newBuilder().setRequestId(requestId);
  }

  static SessionEvent keepAliveEvent(String requestId) {
    return event(requestId).setKeepAlive(KeepAlive.getDefaultInstance()).build();
  }

  @Override
  public void onError(Throwable t) {
    services.blocking().run(() -> end(false));
  }

  @Override
  public void onCompleted() {
    services
        .blocking()
        .run(
            () -> {
              end(true);
              out.complete();
            });
  }

  private void fail(Throwable error) {
    end(false);
    out.fail(StatusMapper.toException(error));
  }

  /**
   * Ends the session once: stops its execs and releases the sandbox unless it is kept alive.
   * Returns whether the sandbox was released.
   */
  private synchronized boolean end(boolean graceful) {
    if (ended) {
      return false;
    }
    ended = true;
    sessions.closed(this);
    SessionRequests current = requests;
    if (current != null) {
      current.cancelAll(graceful ? "session closed" : "session ended");
    }
    HeldSandbox held = sandbox;
    if (held == null) {
      return false;
    }
    held.onRelease(reason -> {});
    if (keepAlive && !held.isReleased()) {
      return false;
    }
    return services.releaser().release(held, SESSION_ENDED);
  }
}

package io.infra.arl.gateway.session;

import io.grpc.stub.StreamObserver;
import io.infra.arl.api.gateway.v1.SessionEvent;
import io.infra.arl.api.gateway.v1.SessionExec;
import io.infra.arl.api.gateway.v1.SessionExecEvent;
import io.infra.arl.api.gateway.v1.SessionRequest;
import io.infra.arl.api.sidecar.v1.ExecEvent;
import io.infra.arl.api.sidecar.v1.ExecRequest;
import io.infra.arl.api.sidecar.v1.FileChunk;
import io.infra.arl.api.sidecar.v1.ListFilesResponse;
import io.infra.arl.api.sidecar.v1.MakeDirResponse;
import io.infra.arl.api.sidecar.v1.ReadFileRequest;
import io.infra.arl.api.sidecar.v1.RemoveResponse;
import io.infra.arl.api.sidecar.v1.SidecarGrpc;
import io.infra.arl.api.sidecar.v1.WriteFilesResponse;
import io.infra.arl.gateway.exec.ExecCalls;
import io.infra.arl.gateway.exec.SidecarStreamRelay;
import io.infra.arl.gateway.failure.Failure;
import io.infra.arl.gateway.failure.GatewayException;
import io.infra.arl.gateway.metrics.GatewayMetrics;
import io.infra.arl.gateway.sandbox.HeldSandbox;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The requests of an open session: execs (multiplexed by exec id, each its own sidecar stream),
 * file calls and keep-alives. Calls come from the session's inbound thread one at a time.
 */
final class SessionRequests {
  private static final int MAX_ID_BYTES = 128;

  private final HeldSandbox sandbox;
  private final SessionStream session;
  private final Clock clock;
  private final GatewayMetrics metrics;
  private final ConcurrentHashMap<String, SidecarStreamRelay<ExecRequest, ExecEvent, SessionEvent>>
      execs = new ConcurrentHashMap<>();

  SessionRequests(HeldSandbox sandbox, SessionStream session, Clock clock, GatewayMetrics metrics) {
    this.sandbox = sandbox;
    this.session = session;
    this.clock = clock;
    this.metrics = metrics;
  }

  void handle(SessionRequest request) {
    sandbox.touch(clock.millis());
    String id = request.getRequestId();
    checkId("requestId", id);
    switch (request.getKindCase()) {
      case EXEC -> exec(id, request.getExec());
      case WRITE_FILES ->
          this.<WriteFilesResponse>unary(
              id,
              (s, o) -> s.writeFiles(request.getWriteFiles(), o),
              (e, r) -> e.setFilesWritten(r));
      case LIST_FILES ->
          this.<ListFilesResponse>unary(
              id, (s, o) -> s.listFiles(request.getListFiles(), o), (e, r) -> e.setListing(r));
      case MAKE_DIR ->
          this.<MakeDirResponse>unary(
              id, (s, o) -> s.makeDir(request.getMakeDir(), o), (e, r) -> e.setDirMade(r));
      case REMOVE ->
          this.<RemoveResponse>unary(
              id, (s, o) -> s.remove(request.getRemove(), o), (e, r) -> e.setRemoved(r));
      case READ_FILE -> readFile(id, request.getReadFile());
      case KEEP_ALIVE -> {
        session.send(SessionStream.keepAliveEvent(id));
        session.requestNext();
      }
      default ->
          throw GatewayException.invalid(
              "kind", request.getKindCase(), "a request of an open session");
    }
  }

  private void exec(String requestId, SessionExec exec) {
    String execId = exec.getExecId();
    checkId("exec.execId", execId);
    if (execId.isEmpty()) {
      throw GatewayException.invalid(
          "exec.execId", "\"\"", "a client-chosen id of 1.." + MAX_ID_BYTES + " bytes");
    }
    ExecRequest request = exec.getRequest();
    if (request.hasStart()) {
      start(requestId, execId, request);
      session.requestNext(); // execs run concurrently: do not wait for this one
      return;
    }
    SidecarStreamRelay<ExecRequest, ExecEvent, SessionEvent> relay = execs.get(execId);
    if (relay == null) {
      throw new GatewayException(
          Failure.NOT_FOUND, "exec " + execId + " is not running in this session");
    }
    relay.send(request);
    // Stdin is forwarded only as fast as the sidecar takes it: ask for more once it has room.
    relay.whenWritable(session::requestNext);
  }

  private void start(String requestId, String execId, ExecRequest request) {
    Function<ExecEvent, SessionEvent> wrap =
        event ->
            SessionStream.event(requestId)
                .setExec(SessionExecEvent.newBuilder().setExecId(execId).setEvent(event))
                .build();
    var self = new AtomicReference<SidecarStreamRelay<ExecRequest, ExecEvent, SessionEvent>>();
    SidecarStreamRelay<ExecRequest, ExecEvent, SessionEvent> relay =
        new SidecarStreamRelay<>(
            session.out(),
            wrap,
            event -> {
              sandbox.touch(clock.millis());
              metrics.execEvent(event);
              if (event.hasExited()) {
                // Finished before the agent sees it: a close that the agent sends on seeing the
                // exited event must not cancel this exec's stream (which would report CANCELLED
                // for an exec that completed) while the sidecar's end of the stream is in flight.
                execs.remove(execId, self.get());
              }
            },
            error -> {
              // Only a running exec reports its failure: one that exited is complete for the agent.
              if (execs.remove(execId, self.get())) {
                session.reportError(requestId, execId, error);
              }
            },
            () -> execs.remove(execId, self.get()));
    self.set(relay);
    if (execs.putIfAbsent(execId, relay) != null) {
      throw GatewayException.invalid(
          "exec.execId", execId, "an id not used by a running exec of this session");
    }
    ExecCalls.start(sandbox.sidecar(), request.getStart(), relay);
  }

  private void readFile(String requestId, ReadFileRequest request) {
    SidecarStreamRelay<ReadFileRequest, FileChunk, SessionEvent> relay =
        new SidecarStreamRelay<>(
            session.out(),
            chunk -> SessionStream.event(requestId).setFileChunk(chunk).build(),
            chunk -> sandbox.touch(clock.millis()),
            error -> session.reportError(requestId, "", error),
            () -> {});
    sandbox.sidecar().async().readFile(request, relay);
    session.requestNext();
  }

  private <R> void unary(
      String requestId,
      BiConsumer<SidecarGrpc.SidecarStub, StreamObserver<R>> call,
      BiFunction<SessionEvent.Builder, R, SessionEvent.Builder> set) {
    call.accept(
        sandbox.sidecar().asyncUnary(),
        new StreamObserver<R>() {
          @Override
          public void onNext(R response) {
            session.send(set.apply(SessionStream.event(requestId), response).build());
          }

          @Override
          public void onError(Throwable t) {
            session.reportError(requestId, "", t);
          }

          @Override
          public void onCompleted() {}
        });
    session.requestNext();
  }

  /** Cancels every running exec's sidecar stream (the sidecar kills non-detached ones). */
  void cancelAll(String reason) {
    execs.values().forEach(relay -> relay.cancel(reason));
  }

  private static void checkId(String field, String id) {
    if (id.length() > MAX_ID_BYTES) {
      throw GatewayException.invalid(field, id.length() + " characters", "at most " + MAX_ID_BYTES);
    }
  }
}

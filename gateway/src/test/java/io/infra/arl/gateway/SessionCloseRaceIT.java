package io.infra.arl.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.infra.arl.api.gateway.v1.ClaimSpec;
import io.infra.arl.api.gateway.v1.CloseSession;
import io.infra.arl.api.gateway.v1.OpenSession;
import io.infra.arl.api.gateway.v1.SessionEvent;
import io.infra.arl.api.gateway.v1.SessionExec;
import io.infra.arl.api.gateway.v1.SessionRequest;
import io.infra.arl.api.sidecar.v1.BindRequest;
import io.infra.arl.api.sidecar.v1.BindResponse;
import io.infra.arl.api.sidecar.v1.ExecEvent;
import io.infra.arl.api.sidecar.v1.ExecExited;
import io.infra.arl.api.sidecar.v1.ExecRequest;
import io.infra.arl.api.sidecar.v1.ExecStart;
import io.infra.arl.api.sidecar.v1.ExecStarted;
import io.infra.arl.api.sidecar.v1.SidecarGrpc;
import io.infra.arl.gateway.pool.PoolRegistry;
import io.infra.arl.gateway.pool.SandboxTarget;
import io.infra.arl.gateway.pool.TestSandboxPool;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Closing a session right after an exec's exited event: the sidecar's end of that exec stream may
 * still be in flight (here it always is: the sidecar completes it a moment after exited). Ending
 * the session cancels its sidecar streams, but an exec that exited is complete for the agent and
 * must not be reported as failed (it used to be, on some of the sessions: a race with the closed
 * event).
 */
class SessionCloseRaceIT {
  private static final int ROUNDS = 20;

  @Test
  void closingRightAfterAnExecExitedReportsNoErrorForIt() throws Exception {
    LateCompletingSidecar sidecar = new LateCompletingSidecar();
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(sidecar)
            .build()
            .start();
    var pool = new TestSandboxPool("late");
    pool.offer(new SandboxTarget("late-1", "late", "127.0.0.1", server.getPort()));
    try (GatewayHarness gateway =
        GatewayHarness.start(
            0, Map.of("arl.backend", "fixture"), new PoolRegistry(List.of(pool)))) {
      for (int i = 0; i < ROUNDS; i++) {
        SessionClient agent = new SessionClient(gateway.async());
        agent.send(
            SessionRequest.newBuilder()
                .setOpen(OpenSession.newBuilder().setSpec(ClaimSpec.newBuilder().setPool("late")))
                .build());
        agent.next(SessionEvent::hasOpened);
        agent.send(
            SessionRequest.newBuilder()
                .setRequestId("r")
                .setExec(
                    SessionExec.newBuilder()
                        .setExecId("t")
                        .setRequest(
                            ExecRequest.newBuilder()
                                .setStart(ExecStart.newBuilder().addArgv("true"))))
                .build());
        agent.next(e -> e.hasExec() && e.getExec().getEvent().hasExited());
        agent.send(
            SessionRequest.newBuilder()
                .setRequestId("c")
                .setClose(CloseSession.getDefaultInstance())
                .build());
        SessionEvent next = agent.next(e -> e.hasError() || e.hasClosed());
        assertThat(next.hasError()).as("round %d: %s", i, next).isFalse();
        agent.ended.get(10, TimeUnit.SECONDS);
      }
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(sidecar.ended.get()).isEqualTo(ROUNDS));
    } finally {
      sidecar.timer.shutdownNow();
      server.shutdownNow();
    }
  }

  /** Answers every exec with started and exited at once, and ends the stream 300 ms later. */
  private static final class LateCompletingSidecar extends SidecarGrpc.SidecarImplBase {
    final AtomicInteger ended = new AtomicInteger(); // completed, or cancelled by the gateway
    final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @Override
    public void bind(BindRequest request, StreamObserver<BindResponse> reply) {
      reply.onNext(BindResponse.getDefaultInstance());
      reply.onCompleted();
    }

    @Override
    public StreamObserver<ExecRequest> exec(StreamObserver<ExecEvent> events) {
      var call = (ServerCallStreamObserver<ExecEvent>) events;
      var done = new AtomicBoolean();
      Runnable end =
          () -> {
            if (done.compareAndSet(false, true)) {
              ended.incrementAndGet();
            }
          };
      call.setOnCancelHandler(end);
      return new StreamObserver<>() {
        @Override
        public void onNext(ExecRequest request) {
          if (!request.hasStart()) {
            return;
          }
          call.onNext(ExecEvent.newBuilder().setStarted(ExecStarted.getDefaultInstance()).build());
          call.onNext(ExecEvent.newBuilder().setExited(ExecExited.getDefaultInstance()).build());
          timer.schedule(
              () -> {
                if (!call.isCancelled()) {
                  call.onCompleted();
                  end.run();
                }
              },
              300,
              TimeUnit.MILLISECONDS);
        }

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {}
      };
    }
  }
}

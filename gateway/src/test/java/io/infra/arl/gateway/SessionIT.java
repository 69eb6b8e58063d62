package io.infra.arl.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.infra.arl.api.gateway.v1.AttachSession;
import io.infra.arl.api.gateway.v1.ClaimSpec;
import io.infra.arl.api.gateway.v1.CloseSession;
import io.infra.arl.api.gateway.v1.GetSandboxRequest;
import io.infra.arl.api.gateway.v1.OpenSession;
import io.infra.arl.api.gateway.v1.SandboxRef;
import io.infra.arl.api.gateway.v1.SessionEvent;
import io.infra.arl.api.gateway.v1.SessionExec;
import io.infra.arl.api.gateway.v1.SessionOpened;
import io.infra.arl.api.gateway.v1.SessionRequest;
import io.infra.arl.api.sidecar.v1.CloseStdin;
import io.infra.arl.api.sidecar.v1.ExecRequest;
import io.infra.arl.api.sidecar.v1.ExecStart;
import io.infra.arl.api.sidecar.v1.FileWrite;
import io.infra.arl.api.sidecar.v1.KeepAlive;
import io.infra.arl.api.sidecar.v1.ReadFileRequest;
import io.infra.arl.api.sidecar.v1.WriteFilesRequest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bidirectional Session: open, multiplexed execs with stdin, files, keep-alive, close. */
class SessionIT {
  private static GatewayHarness gateway;

  @BeforeAll
  static void start() throws Exception {
    gateway = GatewayHarness.start(2, Map.of("arl.gateway.reap-interval", "200ms"));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void sessionRunsConcurrentExecsWithStdinAndFilesThenReleasesOnClose() throws Exception {
    SessionClient agent = new SessionClient(gateway.async());
    SessionOpened opened = open(agent, false, 0);

    agent.send(
        exec("r1", "slow", ExecStart.newBuilder().setCommand("sleep 0.4; echo slow").build()));
    agent.send(exec("r2", "cat", ExecStart.newBuilder().addArgv("cat").setStdin(true).build()));
    agent.send(
        SessionRequest.newBuilder()
            .setRequestId("r3")
            .setExec(
                SessionExec.newBuilder()
                    .setExecId("cat")
                    .setRequest(ExecRequest.newBuilder().setStdin(ByteString.copyFromUtf8("ping"))))
            .build());
    agent.send(
        SessionRequest.newBuilder()
            .setRequestId("r4")
            .setExec(
                SessionExec.newBuilder()
                    .setExecId("cat")
                    .setRequest(
                        ExecRequest.newBuilder().setCloseStdin(CloseStdin.getDefaultInstance())))
            .build());

    SessionEvent catOut = agent.next(e -> e.hasExec() && e.getExec().getEvent().hasStdout());
    assertThat(catOut.getExec().getExecId()).isEqualTo("cat");
    assertThat(catOut.getExec().getEvent().getStdout().toStringUtf8()).isEqualTo("ping");
    SessionEvent slowOut = agent.next(e -> e.hasExec() && e.getExec().getEvent().hasStdout());
    assertThat(slowOut.getExec().getExecId()).isEqualTo("slow");

    agent.send(
        SessionRequest.newBuilder()
            .setRequestId("w")
            .setWriteFiles(
                WriteFilesRequest.newBuilder()
                    .addFiles(
                        FileWrite.newBuilder()
                            .setPath("a.txt")
                            .setContent(ByteString.copyFromUtf8("hello"))))
            .build());
    assertThat(agent.next(SessionEvent::hasFilesWritten).getRequestId()).isEqualTo("w");
    agent.send(
        SessionRequest.newBuilder()
            .setRequestId("r")
            .setReadFile(ReadFileRequest.newBuilder().setPath("a.txt"))
            .build());
    assertThat(agent.next(SessionEvent::hasFileChunk).getFileChunk().getData().toStringUtf8())
        .isEqualTo("hello");

    agent.send(
        SessionRequest.newBuilder()
            .setRequestId("k")
            .setKeepAlive(KeepAlive.getDefaultInstance())
            .build());
    assertThat(agent.next(SessionEvent::hasKeepAlive).getRequestId()).isEqualTo("k");

    agent.send(
        SessionRequest.newBuilder()
            .setRequestId("bad")
            .setExec(
                SessionExec.newBuilder()
                    .setExecId("nope")
                    .setRequest(ExecRequest.newBuilder().setStdin(ByteString.copyFromUtf8("x"))))
            .build());
    SessionEvent error = agent.next(SessionEvent::hasError);
    assertThat(error.getRequestId()).isEqualTo("bad");
    assertThat(error.getError().getCode()).isEqualTo(Status.Code.NOT_FOUND.value());

    agent.send(
        SessionRequest.newBuilder()
            .setRequestId("c")
            .setClose(CloseSession.getDefaultInstance())
            .build());
    assertThat(agent.next(SessionEvent::hasClosed).getClosed().getReleased()).isTrue();
    agent.ended.get(10, TimeUnit.SECONDS);
    assertGone(opened);
  }

  @Test
  void streamEndReleasesTheSandboxUnlessKeptAliveAndIdleTimeoutReleasesKeptOnes() throws Exception {
    SessionClient first = new SessionClient(gateway.async());
    SessionOpened dropped = open(first, false, 0);
    first.cancel();
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertGone(dropped));

    SessionClient keeper = new SessionClient(gateway.async());
    SessionOpened kept = open(keeper, true, 2);
    keeper.halfClose();
    keeper.ended.get(10, TimeUnit.SECONDS);

    SessionClient again = new SessionClient(gateway.async());
    again.send(
        SessionRequest.newBuilder()
            .setAttach(AttachSession.newBuilder().setSandbox(ref(kept)))
            .build());
    assertThat(again.next(SessionEvent::hasOpened).getOpened().getSandbox().getId())
        .isEqualTo(kept.getSandbox().getId());
    again.halfClose();
    again.ended.get(10, TimeUnit.SECONDS);
    // Released by the idle timeout of 2 s with nobody attached, well before its TTL.
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertGone(kept));
  }

  @Test
  void firstRequestMustOpen() throws Exception {
    SessionClient agent = new SessionClient(gateway.async());
    agent.send(SessionRequest.newBuilder().setKeepAlive(KeepAlive.getDefaultInstance()).build());
    assertThatThrownBy(() -> agent.ended.get(10, TimeUnit.SECONDS))
        .satisfies(
            e ->
                assertThat(Status.fromThrowable(e.getCause()).getCode())
                    .isEqualTo(Status.Code.FAILED_PRECONDITION));
  }

  private static SessionOpened open(SessionClient agent, boolean keepAlive, int idleSeconds)
      throws InterruptedException {
    agent.send(
        SessionRequest.newBuilder()
            .setRequestId("open")
            .setOpen(
                OpenSession.newBuilder()
                    .setKeepAlive(keepAlive)
                    .setSpec(
                        ClaimSpec.newBuilder()
                            .setPool("default")
                            .setIdleTimeoutSeconds(idleSeconds)))
            .build());
    SessionOpened opened = agent.next(SessionEvent::hasOpened).getOpened();
    assertThat(opened.getLeaseToken()).isNotEmpty();
    return opened;
  }

  private static SessionRequest exec(String requestId, String execId, ExecStart start) {
    return SessionRequest.newBuilder()
        .setRequestId(requestId)
        .setExec(
            SessionExec.newBuilder()
                .setExecId(execId)
                .setRequest(ExecRequest.newBuilder().setStart(start)))
        .build();
  }

  private static SandboxRef ref(SessionOpened opened) {
    return SandboxRef.newBuilder()
        .setId(opened.getSandbox().getId())
        .setLeaseToken(opened.getLeaseToken())
        .build();
  }

  private static void assertGone(SessionOpened opened) {
    assertThatThrownBy(
            () ->
                gateway
                    .blocking()
                    .getSandbox(GetSandboxRequest.newBuilder().setSandbox(ref(opened)).build()))
        .satisfies(
            e -> assertThat(Status.fromThrowable(e).getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }
}

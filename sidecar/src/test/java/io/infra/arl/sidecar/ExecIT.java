package io.infra.arl.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.infra.arl.api.sidecar.v1.ExecEvent;
import io.infra.arl.api.sidecar.v1.ExecExited;
import io.infra.arl.api.sidecar.v1.ExecStart;
import io.infra.arl.api.sidecar.v1.FileWrite;
import io.infra.arl.api.sidecar.v1.ResetRequest;
import io.infra.arl.api.sidecar.v1.ResetResponse;
import io.infra.arl.api.sidecar.v1.SidecarGrpc.SidecarStub;
import io.infra.arl.api.sidecar.v1.Signal;
import io.infra.arl.api.sidecar.v1.WriteFilesRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Exec against a real sidecar on loopback with real processes. */
class ExecIT {

  private SidecarHarness harness;
  private SidecarStub stub;
  // Every process of a test carries this in its environment, so /proc tells whether any survived.
  private final String mark = "ARL_TEST_MARK=" + UUID.randomUUID();

  @BeforeEach
  void start() throws IOException {
    harness =
        SidecarHarness.start(
            config -> config.withKeepAliveInterval(Duration.ofMillis(200)), SidecarObserver.NONE);
    harness.bound();
    stub = harness.boundAsync();
  }

  @AfterEach
  void stop() throws IOException {
    harness.close();
    assertThat(Procs.aliveWithEnv(mark)).as("processes left after the sidecar closed").isEmpty();
  }

  @Test
  void streamsOutputWhileTheProcessRuns() throws InterruptedException {
    ExecCall call = exec(command("echo first; read line; echo \"got $line\"").setStdin(true));
    long pid = call.awaitStarted();

    call.awaitStdout("first\n");
    // The process is blocked on stdin: the chunk arrived before the exit, not buffered until it.
    assertThat(Procs.alive(pid)).isTrue();
    call.stdin("go\n");
    ExecExited exited = call.awaitExit();

    assertThat(exited.getExitCode()).isZero();
    assertThat(call.stdout()).isEqualTo("first\ngot go\n");
    assertThat(call.awaitEnd().isOk()).isTrue();
  }

  @Test
  void streamsChunksOfAProcessPrintingOverTime() throws InterruptedException {
    ExecCall call =
        exec(command("for i in 1 2 3; do echo tick-$i; sleep 0.3; done; echo >&2 done"));
    long pid = call.awaitStarted();

    call.awaitStdout("tick-1\n");
    assertThat(call.stdout()).doesNotContain("tick-3");
    assertThat(Procs.alive(pid)).isTrue();
    ExecExited exited = call.awaitExit();

    assertThat(exited.getExitCode()).isZero();
    assertThat(call.stdout()).isEqualTo("tick-1\ntick-2\ntick-3\n");
    assertThat(call.stderr()).isEqualTo("done\n");
  }

  @Test
  void feedsStdinUntilClosed() throws InterruptedException {
    ExecCall call = exec(ExecStart.newBuilder().addArgv("cat").setStdin(true));
    call.awaitStarted();

    call.stdin("hello ");
    call.stdin("world");
    call.closeStdin();

    assertThat(call.awaitExit().getExitCode()).isZero();
    assertThat(call.stdout()).isEqualTo("hello world");
  }

  @Test
  void halfCloseClosesStdin() throws InterruptedException {
    ExecCall call = exec(ExecStart.newBuilder().addArgv("wc").addArgv("-c").setStdin(true));
    call.awaitStarted();

    call.stdin("12345");
    call.halfClose();

    assertThat(call.awaitExit().getExitCode()).isZero();
    assertThat(call.stdout().trim()).isEqualTo("5");
  }

  @Test
  void deliversSignalsToTheProcessGroup() throws InterruptedException {
    ExecCall trapped =
        exec(
            command(
                "trap 'echo caught; exit 7' USR1; echo ready; while true; do sleep 0.05; done"));
    trapped.awaitStarted();
    trapped.awaitStdout("ready");
    trapped.signal(Signal.SIGNAL_SIGUSR1);

    assertThat(trapped.awaitExit().getExitCode()).isEqualTo(7);
    assertThat(trapped.stdout()).contains("caught");

    ExecCall sleeper = exec(ExecStart.newBuilder().addArgv("sleep").addArgv("100"));
    sleeper.awaitStarted();
    sleeper.signal(Signal.SIGNAL_SIGTERM);
    ExecExited exited = sleeper.awaitExit();

    assertThat(exited.getExitCode()).isEqualTo(143);
    assertThat(exited.getSignal()).isEqualTo(Signal.SIGNAL_SIGTERM);
    assertThat(exited.getTimedOut()).isFalse();
  }

  @Test
  void timeoutKillsTheWholeProcessGroup() throws InterruptedException {
    ExecCall call = exec(command("sleep 100 & sleep 100").setTimeoutMs(300));
    long pid = call.awaitStarted();
    await().atMost(Duration.ofSeconds(5)).until(() -> Procs.aliveWithEnv(mark).size() >= 3);

    ExecExited exited = call.awaitExit();

    assertThat(exited.getTimedOut()).isTrue();
    assertThat(exited.getExitCode()).isEqualTo(137);
    assertThat(exited.getSignal()).isEqualTo(Signal.SIGNAL_SIGKILL);
    await().atMost(Duration.ofSeconds(5)).until(() -> Procs.aliveWithEnv(mark).isEmpty());
    assertThat(Procs.aliveInGroup(pid)).isEmpty();
  }

  @Test
  void leftoversDieWithTheirLeader() throws InterruptedException {
    ExecCall call = exec(command("sleep 100 & echo $!"));
    call.awaitStarted();

    assertThat(call.awaitExit().getExitCode()).isZero();

    long background = Long.parseLong(call.stdout().trim());
    await().atMost(Duration.ofSeconds(5)).until(() -> !Procs.alive(background));
  }

  @Test
  void runsTwentyExecsAtOnce() throws InterruptedException {
    List<ExecCall> calls = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      calls.add(exec(command("echo started-" + i + "; read x; echo done-" + i).setStdin(true)));
    }
    // All twenty are running at the same time: each waits for input the test sends only now.
    for (int i = 0; i < 20; i++) {
      calls.get(i).awaitStdout("started-" + i);
    }
    for (ExecCall call : calls) {
      call.stdin("go\n");
    }
    for (int i = 0; i < 20; i++) {
      assertThat(calls.get(i).awaitExit().getExitCode()).isZero();
      assertThat(calls.get(i).stdout()).isEqualTo("started-" + i + "\ndone-" + i + "\n");
    }
  }

  @Test
  void closedStreamKillsItsProcess() throws InterruptedException {
    ExecCall call = exec(command("sleep 100 & sleep 100"));
    call.awaitStarted();
    await().atMost(Duration.ofSeconds(5)).until(() -> Procs.aliveWithEnv(mark).size() >= 3);

    call.cancel();

    await().atMost(Duration.ofSeconds(5)).until(() -> Procs.aliveWithEnv(mark).isEmpty());
  }

  @Test
  void detachedExecSurvivesItsStreamUntilReset() throws InterruptedException {
    ExecCall call = exec(ExecStart.newBuilder().addArgv("sleep").addArgv("100").setDetached(true));
    long pid = call.awaitStarted();

    call.cancel();

    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> Procs.alive(pid));
    ResetResponse reset =
        harness
            .blocking(SidecarHarness.LEASE, SidecarHarness.TOKEN)
            .reset(ResetRequest.getDefaultInstance());
    assertThat(reset.getKilledProcesses()).isGreaterThanOrEqualTo(1);
    await().atMost(Duration.ofSeconds(5)).until(() -> Procs.aliveWithEnv(mark).isEmpty());
  }

  @Test
  void slowReaderSlowsTheProcessInsteadOfGrowingMemory() {
    ExecCall call =
        ExecCall.startWithoutReading(
            stub,
            ExecStart.newBuilder()
                .addArgv("head")
                .addArgv("-c")
                .addArgv("400000000")
                .addArgv("/dev/zero")
                .putEnv(key(), value())
                .build());
    AtomicLong pid = new AtomicLong();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              List<Long> found = Procs.aliveWithEnv(mark);
              found.stream().findFirst().ifPresent(pid::set);
              return !found.isEmpty();
            });
    AtomicLong last = new AtomicLong(-1);
    // Written bytes stop growing: the pipe is full and the process blocks on it.
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(300))
        .until(
            () -> last.getAndSet(Procs.writtenBytes(pid.get())) == Procs.writtenBytes(pid.get()));

    assertThat(Procs.writtenBytes(pid.get())).isLessThan(16L * 1024 * 1024);
    assertThat(Procs.alive(pid.get())).isTrue();
    call.cancel();
    await().atMost(Duration.ofSeconds(5)).until(() -> Procs.aliveWithEnv(mark).isEmpty());
  }

  @Test
  void quietStreamsGetKeepAlives() throws InterruptedException {
    ExecCall call = exec(ExecStart.newBuilder().addArgv("cat").setStdin(true));
    call.awaitStarted();

    ExecEvent event = call.next();

    assertThat(event.hasKeepAlive()).isTrue();
    call.closeStdin();
    assertThat(call.awaitExit().getExitCode()).isZero();
  }

  @Test
  void runsInTheRequestedWorkingDirectory() throws InterruptedException {
    harness
        .blocking(SidecarHarness.LEASE, SidecarHarness.TOKEN)
        .writeFiles(
            WriteFilesRequest.newBuilder()
                .addFiles(FileWrite.newBuilder().setPath("sub/marker.txt"))
                .build());
    ExecCall call = exec(command("pwd; ls").setCwd("sub"));
    call.awaitStarted();

    assertThat(call.awaitExit().getExitCode()).isZero();
    assertThat(call.stdout()).isEqualTo(harness.workspace().resolve("sub") + "\nmarker.txt\n");
  }

  @Test
  void refusesBadRequestsWithPreciseStatuses() throws InterruptedException {
    assertFailure(
        command("true").setTimeoutMs(-5),
        Status.Code.INVALID_ARGUMENT,
        "timeout_ms: -5 (expected: 0..86400000)");
    assertFailure(
        command("true").setCwd("../etc"),
        Status.Code.INVALID_ARGUMENT,
        "cwd: \"../etc\" (expected: no '..' segments)");
    assertFailure(
        command("true").setCwd("missing"),
        Status.Code.INVALID_ARGUMENT,
        "cwd: \"missing\" (expected: an existing directory inside the workspace)");
    assertFailure(
        ExecStart.newBuilder().addArgv("no-such-program-xyz"),
        Status.Code.INVALID_ARGUMENT,
        "argv[0]: \"no-such-program-xyz\" (expected: a program on PATH or a path to an executable file)");

    ExecCall twice = exec(ExecStart.newBuilder().addArgv("sleep").addArgv("100"));
    twice.awaitStarted();
    twice.send(
        io.infra.arl.api.sidecar.v1.ExecRequest.newBuilder().setStart(command("true")).build());
    Status status = twice.awaitFailure();
    assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(status.getDescription())
        .isEqualTo("start: a second start (expected: one start per exec stream)");

    ExecCall noStdin = exec(command("sleep 100"));
    noStdin.awaitStarted();
    noStdin.stdin("x");
    assertThat(noStdin.awaitFailure().getDescription())
        .isEqualTo("stdin: 1 bytes (expected: start.stdin = true before sending stdin)");
  }

  @Test
  void refusesExecsPastTheLimit() throws IOException, InterruptedException {
    harness.close();
    harness =
        SidecarHarness.start(config -> config.withMaxConcurrentExecs(2), SidecarObserver.NONE);
    harness.bound();
    stub = harness.boundAsync();
    exec(command("sleep 100")).awaitStarted();
    exec(command("sleep 100")).awaitStarted();

    Status status = exec(command("sleep 100")).awaitFailure();

    assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(status.getDescription()).isEqualTo("execs: 2 running (expected: at most 2 at once)");
  }

  @Test
  void shutdownKillsEveryProcess() throws InterruptedException {
    exec(command("sleep 100").setDetached(true)).awaitStarted();
    exec(command("sleep 100 & sleep 100")).awaitStarted();
    await().atMost(Duration.ofSeconds(5)).until(() -> Procs.aliveWithEnv(mark).size() >= 4);

    harness.server().close();

    await().atMost(Duration.ofSeconds(5)).until(() -> Procs.aliveWithEnv(mark).isEmpty());
  }

  private void assertFailure(ExecStart.Builder start, Status.Code code, String description)
      throws InterruptedException {
    Status status = exec(start).awaitFailure();
    assertThat(status.getCode()).isEqualTo(code);
    assertThat(status.getDescription()).isEqualTo(description);
  }

  private ExecCall exec(ExecStart.Builder start) {
    return ExecCall.start(stub, start.putEnv(key(), value()).build());
  }

  private static ExecStart.Builder command(String command) {
    return ExecStart.newBuilder().setCommand(command);
  }

  private String key() {
    return mark.substring(0, mark.indexOf('='));
  }

  private String value() {
    return mark.substring(mark.indexOf('=') + 1);
  }
}

package io.infra.arl.sidecar.exec;

import static io.infra.arl.sidecar.failure.SidecarException.invalid;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.infra.arl.api.sidecar.v1.ExecEvent;
import io.infra.arl.api.sidecar.v1.ExecExited;
import io.infra.arl.api.sidecar.v1.ExecRequest;
import io.infra.arl.api.sidecar.v1.ExecStart;
import io.infra.arl.api.sidecar.v1.ExecStarted;
import io.infra.arl.api.sidecar.v1.Signal;
import io.infra.arl.sidecar.fence.Binding;
import io.infra.arl.sidecar.fence.LeaseFence;
import io.infra.arl.sidecar.process.ExecOutput;
import io.infra.arl.sidecar.process.ExecProcess;
import io.infra.arl.sidecar.process.ExecSpec;
import io.infra.arl.sidecar.process.ExitStatus;
import io.infra.arl.sidecar.rpc.SharedTransport;
import io.infra.arl.sidecar.rpc.StatusMapping;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One exec call: the first message starts the process, later ones feed stdin, close it or send
 * signals; output flows back through an {@link ExecEventSink}. Inbound flow control is manual: the
 * next message is requested only once the previous one was fully handled (stdin written to the
 * pipe), so a client cannot make the sidecar buffer stdin faster than the process reads it.
 *
 * <p>The stream ends exactly once, by whichever comes first: the exit (exited event), a protocol
 * error (INVALID_ARGUMENT...), the client going away, or a cut-off (ABORTED). Unless the exec is
 * detached, a stream that ends before the process kills the process group.
 */
final class ExecStream implements StreamObserver<ExecRequest>, ExecOutput {

  /** Most stdin bytes in one message. */
  static final int MAX_STDIN_BYTES = 1024 * 1024;

  private static final Executor INBOX = SharedTransport.callExecutor();

  private final ServerCallStreamObserver<ExecEvent> out;
  private final ExecEventSink sink;
  private final Binding binding;
  private final ExecEndpoint services;
  private final AtomicBoolean ended = new AtomicBoolean();
  // Stdin writes, close-stdin and signals run in arrival order, off the gRPC callback thread.
  private CompletableFuture<Void> inbox = CompletableFuture.completedFuture(null);
  private volatile ExecProcess process;
  private volatile LeaseFence.CutOff cutOff;
  private volatile ScheduledFuture<?> keepAlive;

  ExecStream(ServerCallStreamObserver<ExecEvent> out, Binding binding, ExecEndpoint services) {
    this.out = out;
    this.sink = new ExecEventSink(out);
    this.binding = binding;
    this.services = services;
  }

  /** Wires flow control and cancellation; must run inside the service method. */
  void attach() {
    // No automatic request: each message is asked for once the previous one was handled, so a
    // fast client cannot queue stdin in our memory while the process is not reading.
    out.disableAutoRequest();
    // The pumps park while the transport is not ready; this is what wakes them.
    out.setOnReadyHandler(sink::onReady);
    // Without it a vanished client would leave the process (and its pumps) running forever.
    out.setOnCancelHandler(this::cancelled);
    out.request(1);
  }

  @Override
  public void onNext(ExecRequest request) {
    try {
      switch (request.getKindCase()) {
        case START -> start(request.getStart());
        case STDIN -> stdin(request.getStdin());
        case CLOSE_STDIN -> enqueue(started("close_stdin")::closeStdin);
        case SIGNAL -> signal(request.getSignal(), request.getSignalValue());
        case KIND_NOT_SET ->
            throw invalid("kind", "not set", "one of start, stdin, close_stdin or signal");
      }
    } catch (IOException | RuntimeException e) {
      fail(StatusMapping.toStatus(e));
    }
  }

  @Override
  public void onError(Throwable t) {
    cancelled();
  }

  @Override
  public void onCompleted() {
    ExecProcess running = process;
    if (running == null) {
      fail(
          Status.INVALID_ARGUMENT.withDescription(
              "start: missing (expected: an ExecStart as the first message)"));
    } else if (running.spec().stdin()) {
      // The client will send nothing more: after what it sent, the process reads end-of-file.
      inbox = inbox.thenRunAsync(running::closeStdin, INBOX);
    }
  }

  @Override
  public boolean stdout(byte[] chunk, int length) {
    return sink.sendWhenReady(
        ExecEvent.newBuilder().setStdout(ByteString.copyFrom(chunk, 0, length)).build());
  }

  @Override
  public boolean stderr(byte[] chunk, int length) {
    return sink.sendWhenReady(
        ExecEvent.newBuilder().setStderr(ByteString.copyFrom(chunk, 0, length)).build());
  }

  @Override
  public void exited(ExitStatus status) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    Signal signal = Signal.forNumber(status.signal());
    sink.complete(
        ExecEvent.newBuilder()
            .setExited(
                ExecExited.newBuilder()
                    .setExitCode(status.exitCode())
                    .setSignal(signal == null ? Signal.SIGNAL_UNSPECIFIED : signal)
                    .setDurationMs(status.duration().toMillis())
                    .setTimedOut(status.timedOut()))
            .build());
    cleanUp();
  }

  private void start(ExecStart start) throws IOException {
    if (process != null) {
      throw invalid("start", "a second start", "one start per exec stream");
    }
    ExecSpec spec = ExecStartValidator.validate(start, services.defaultTimeout());
    LeaseFence fence = services.fence();
    ExecProcess started =
        fence.withCurrent(
            binding,
            () -> {
              Path directory =
                  services.workspace().directoryForExec(spec.workingDirectory(), "cwd");
              ExecProcess spawned = services.processes().start(spec, directory);
              cutOff = fence.onCutOff(binding, this::cutOff);
              return spawned;
            });
    process = started;
    sink.sendNow(
        ExecEvent.newBuilder()
            .setStarted(ExecStarted.newBuilder().setPid(started.pid()).setTag(spec.tag()))
            .build());
    started.begin(this);
    scheduleKeepAlive(services.keepAliveInterval().toNanos());
    out.request(1);
  }

  private void stdin(ByteString data) {
    ExecProcess running = started("stdin");
    if (!running.spec().stdin()) {
      throw invalid("stdin", data.size() + " bytes", "start.stdin = true before sending stdin");
    }
    if (data.size() > MAX_STDIN_BYTES) {
      throw invalid("stdin", data.size() + " bytes", "at most " + MAX_STDIN_BYTES + " per message");
    }
    byte[] bytes = data.toByteArray();
    enqueue(
        () -> {
          try {
            running.writeStdin(bytes);
          } catch (IOException e) {
            // The process closed stdin or exited; its exited event tells the client the rest.
          }
        });
  }

  private void signal(Signal signal, int number) {
    ExecProcess running = started("signal");
    if (signal == Signal.SIGNAL_UNSPECIFIED || signal == Signal.UNRECOGNIZED) {
      throw invalid(
          "signal",
          signal == Signal.UNRECOGNIZED ? Integer.toString(number) : signal.name(),
          "one of the Signal values other than SIGNAL_UNSPECIFIED");
    }
    enqueue(() -> running.signal(signal.getNumber()));
  }

  /** Runs {@code work} after the previous inbound work, then asks for the next message. */
  private void enqueue(Runnable work) {
    inbox =
        inbox.thenRunAsync(
            () -> {
              try {
                work.run();
              } finally {
                if (!ended.get()) {
                  out.request(1);
                }
              }
            },
            INBOX);
  }

  private ExecProcess started(String field) {
    ExecProcess running = process;
    if (running == null) {
      throw invalid(field, "before start", "an ExecStart as the first message");
    }
    return running;
  }

  private void scheduleKeepAlive(long delayNanos) {
    if (!ended.get()) {
      keepAlive = services.timer().schedule(this::keepAliveTick, delayNanos, TimeUnit.NANOSECONDS);
    }
  }

  private void keepAliveTick() {
    long next = sink.keepAliveIfQuiet(services.keepAliveInterval().toNanos());
    if (next > 0) {
      scheduleKeepAlive(next);
    }
  }

  private void cancelled() {
    if (ended.compareAndSet(false, true)) {
      sink.cancelled();
      endProcess();
    }
  }

  private void fail(Status status) {
    if (ended.compareAndSet(false, true)) {
      sink.fail(status);
      endProcess();
    }
  }

  private void cutOff() {
    // The fence kills every process of the old lease itself; only the stream is ours to end.
    if (ended.compareAndSet(false, true)) {
      sink.fail(
          Status.ABORTED.withDescription("the lease was taken over by a higher fencing token"));
      cleanUp();
    }
  }

  private void endProcess() {
    cleanUp();
    ExecProcess running = process;
    if (running != null) {
      Thread.ofVirtual().name("arl-exec-end-" + running.pid()).start(running::streamClosed);
    }
  }

  private void cleanUp() {
    ScheduledFuture<?> timer = keepAlive;
    if (timer != null) {
      timer.cancel(false);
    }
    LeaseFence.CutOff registration = cutOff;
    if (registration != null) {
      registration.close();
    }
  }
}

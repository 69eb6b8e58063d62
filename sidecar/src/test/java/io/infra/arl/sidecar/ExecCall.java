package io.infra.arl.sidecar;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.infra.arl.api.sidecar.v1.CloseStdin;
import io.infra.arl.api.sidecar.v1.ExecEvent;
import io.infra.arl.api.sidecar.v1.ExecExited;
import io.infra.arl.api.sidecar.v1.ExecRequest;
import io.infra.arl.api.sidecar.v1.ExecStart;
import io.infra.arl.api.sidecar.v1.SidecarGrpc.SidecarStub;
import io.infra.arl.api.sidecar.v1.Signal;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A client-side exec stream for tests: send requests, take events one by one or until exit. */
public final class ExecCall implements ClientResponseObserver<ExecRequest, ExecEvent> {

  private static final Duration WAIT = Duration.ofSeconds(20);

  /** Marks the end of the stream in {@link #events}. */
  private static final ExecEvent END = ExecEvent.getDefaultInstance();

  private final BlockingQueue<ExecEvent> events = new LinkedBlockingQueue<>();
  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  private final boolean manualFlow;
  private volatile ClientCallStreamObserver<ExecRequest> requests;
  private volatile Status status;
  private long pid;

  private ExecCall(boolean manualFlow) {
    this.manualFlow = manualFlow;
  }

  /** Opens an exec stream and sends {@code start}. */
  public static ExecCall start(SidecarStub stub, ExecStart start) {
    return open(stub, start, false);
  }

  /** Like {@link #start}, but the client asks for one event only and then reads nothing. */
  public static ExecCall startWithoutReading(SidecarStub stub, ExecStart start) {
    return open(stub, start, true);
  }

  private static ExecCall open(SidecarStub stub, ExecStart start, boolean manualFlow) {
    ExecCall call = new ExecCall(manualFlow);
    stub.exec(call);
    call.send(ExecRequest.newBuilder().setStart(start).build());
    return call;
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<ExecRequest> requestStream) {
    this.requests = requestStream;
    if (manualFlow) {
      requestStream.disableAutoRequestWithInitial(1);
    }
  }

  @Override
  public void onNext(ExecEvent event) {
    events.add(event);
  }

  @Override
  public void onError(Throwable t) {
    status = Status.fromThrowable(t);
    events.add(END);
  }

  @Override
  public void onCompleted() {
    status = Status.OK;
    events.add(END);
  }

  public void send(ExecRequest request) {
    synchronized (this) {
      requests.onNext(request);
    }
  }

  public void stdin(String text) {
    send(ExecRequest.newBuilder().setStdin(ByteString.copyFromUtf8(text)).build());
  }

  public void closeStdin() {
    send(ExecRequest.newBuilder().setCloseStdin(CloseStdin.getDefaultInstance()).build());
  }

  public void signal(Signal signal) {
    send(ExecRequest.newBuilder().setSignal(signal).build());
  }

  /** Half-closes the request side. */
  public void halfClose() {
    requests.onCompleted();
  }

  /** Cancels the call, as a client that went away. */
  public void cancel() {
    requests.cancel("test cancelled", null);
  }

  /** The next event, collecting output; fails when none comes within the wait. */
  public ExecEvent next() throws InterruptedException {
    ExecEvent event = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (event == null) {
      throw new AssertionError("No exec event within " + WAIT);
    }
    if (event == END) {
      events.add(END);
      throw new StatusRuntimeException(status);
    }
    switch (event.getKindCase()) {
      case STARTED -> pid = event.getStarted().getPid();
      case STDOUT -> stdout.writeBytes(event.getStdout().toByteArray());
      case STDERR -> stderr.writeBytes(event.getStderr().toByteArray());
      default -> {}
    }
    return event;
  }

  /** Waits for the started event and returns the pid. */
  public long awaitStarted() throws InterruptedException {
    ExecEvent event = next();
    if (!event.hasStarted()) {
      throw new AssertionError("Expected started, got " + event);
    }
    return pid;
  }

  /** Reads events until stdout contains {@code text}. */
  public void awaitStdout(String text) throws InterruptedException {
    while (!stdout().contains(text)) {
      ExecEvent event = next();
      if (event.hasExited()) {
        throw new AssertionError("Exited before printing " + text + "; stdout=" + stdout());
      }
    }
  }

  /** Reads events until the exit, which it returns; then the stream must complete. */
  public ExecExited awaitExit() throws InterruptedException {
    while (true) {
      ExecEvent event = next();
      if (event.hasExited()) {
        return event.getExited();
      }
    }
  }

  /** Reads events until the stream fails, and returns its status. */
  public Status awaitFailure() throws InterruptedException {
    try {
      while (true) {
        ExecEvent event = next();
        if (event.hasExited()) {
          throw new AssertionError("Expected a failure, got " + event);
        }
      }
    } catch (StatusRuntimeException e) {
      return e.getStatus();
    }
  }

  /** Waits until the stream ended and returns its status. */
  public Status awaitEnd() throws InterruptedException {
    while (true) {
      ExecEvent event = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      if (event == null) {
        throw new AssertionError("The exec stream did not end within " + WAIT);
      }
      if (event == END) {
        events.add(END);
        return status;
      }
    }
  }

  public long pid() {
    return pid;
  }

  public String stdout() {
    return stdout.toString(StandardCharsets.UTF_8);
  }

  public String stderr() {
    return stderr.toString(StandardCharsets.UTF_8);
  }
}

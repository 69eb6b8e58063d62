package io.infra.arl.gateway.exec;

import io.infra.arl.api.sidecar.v1.ExecEvent;
import io.infra.arl.api.sidecar.v1.ExecRequest;
import io.infra.arl.api.sidecar.v1.ExecStart;
import io.infra.arl.api.sidecar.v1.SidecarGrpc;
import io.infra.arl.gateway.sidecar.SidecarConnection;
import java.util.concurrent.TimeUnit;

/** Starts exec streams on a sidecar with a deadline that fits the exec's own timeout. */
public final class ExecCalls {
  /** The sidecar's default exec timeout, used when the request gives none. */
  static final long DEFAULT_EXEC_TIMEOUT_MS = 60_000;

  /** Room for the sidecar to kill the process group and report the exit after the timeout. */
  static final long DEADLINE_MARGIN_MS = 30_000;

  static final long MAX_EXEC_TIMEOUT_MS = 86_400_000;

  private ExecCalls() {}

  /**
   * Opens an exec stream relayed by {@code relay} and sends its start message. The sidecar checks
   * the start message; a bad one ends the stream with INVALID_ARGUMENT through the relay.
   */
  public static <T> void start(
      SidecarConnection sidecar,
      ExecStart start,
      SidecarStreamRelay<ExecRequest, ExecEvent, T> relay) {
    stub(sidecar, start).exec(relay);
    relay.send(ExecRequest.newBuilder().setStart(start).build());
  }

  private static SidecarGrpc.SidecarStub stub(SidecarConnection sidecar, ExecStart start) {
    long timeout = start.getTimeoutMs() <= 0 ? DEFAULT_EXEC_TIMEOUT_MS : start.getTimeoutMs();
    long deadline = Math.min(timeout, MAX_EXEC_TIMEOUT_MS) + DEADLINE_MARGIN_MS;
    return sidecar.async().withDeadlineAfter(deadline, TimeUnit.MILLISECONDS);
  }
}

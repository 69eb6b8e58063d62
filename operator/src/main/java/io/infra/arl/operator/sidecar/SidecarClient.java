package io.infra.arl.operator.sidecar;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.infra.arl.api.sidecar.v1.BindRequest;
import io.infra.arl.api.sidecar.v1.FileWrite;
import io.infra.arl.api.sidecar.v1.ResetRequest;
import io.infra.arl.api.sidecar.v1.SidecarGrpc;
import io.infra.arl.api.sidecar.v1.WriteFilesRequest;
import io.infra.arl.api.sidecar.v1.WriteFilesResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The unary sidecar calls the operator makes: Bind, Reset, WriteFiles; every one with a deadline.
 */
public final class SidecarClient {

  private static final int FILE_MODE = 0644;

  private final SidecarChannels channels;
  private final Duration callTimeout;

  /** Calls through {@code channels}, each bounded by {@code callTimeout}. */
  public SidecarClient(SidecarChannels channels, Duration callTimeout) {
    this.channels = channels;
    this.callTimeout = callTimeout;
  }

  /** The channels, for streaming calls. */
  public SidecarChannels channels() {
    return channels;
  }

  /** Binds the pod's sidecar to the lease (idempotent for the same lease). */
  public void bind(String podIP, LeaseCredentials lease) throws SidecarCallException {
    try {
      SidecarGrpc.newBlockingStub(channels.channel(podIP))
          .withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS)
          .bind(
              BindRequest.newBuilder()
                  .setLeaseId(lease.leaseId())
                  .setFencingToken(lease.fencingToken())
                  .build());
    } catch (StatusRuntimeException e) {
      throw failure("bind", podIP, e);
    }
  }

  /** Kills every process, empties the workspace and unbinds the sidecar. */
  public void reset(String podIP, LeaseCredentials lease) throws SidecarCallException {
    try {
      SidecarGrpc.newBlockingStub(channels.channel(podIP))
          .withInterceptors(lease.interceptor())
          .withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS)
          .reset(ResetRequest.getDefaultInstance());
    } catch (StatusRuntimeException e) {
      throw failure("reset", podIP, e);
    }
  }

  /**
   * Writes one file (workspace-relative path), replacing it, within {@code timeout}; returns its
   * size.
   */
  public long writeFile(
      String podIP, LeaseCredentials lease, String path, byte[] content, Duration timeout)
      throws SidecarCallException {
    try {
      WriteFilesResponse response =
          SidecarGrpc.newBlockingStub(channels.channel(podIP))
              .withInterceptors(lease.interceptor())
              .withDeadlineAfter(
                  Math.max(1, Math.min(timeout.toMillis(), callTimeout.toMillis())),
                  TimeUnit.MILLISECONDS)
              .writeFiles(
                  WriteFilesRequest.newBuilder()
                      .addFiles(
                          FileWrite.newBuilder()
                              .setPath(path)
                              .setContent(ByteString.copyFrom(content))
                              .setMode(FILE_MODE))
                      .build());
      return response.getFiles(0).getSize();
    } catch (StatusRuntimeException e) {
      throw failure("write " + path, podIP, e);
    }
  }

  /** Maps a gRPC failure: ABORTED and PERMISSION_DENIED mean the lease was lost. */
  public static SidecarCallException failure(String call, String podIP, StatusRuntimeException e) {
    Status.Code code = e.getStatus().getCode();
    boolean lost = code == Status.Code.ABORTED || code == Status.Code.PERMISSION_DENIED;
    String description = e.getStatus().getDescription();
    return new SidecarCallException(
        call
            + " on sidecar "
            + podIP
            + " failed: "
            + code
            + (description == null ? "" : ": " + description),
        lost,
        e);
  }
}

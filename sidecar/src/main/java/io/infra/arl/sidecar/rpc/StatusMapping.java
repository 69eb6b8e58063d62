package io.infra.arl.sidecar.rpc;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.infra.arl.sidecar.failure.SidecarException;
import io.infra.arl.sidecar.fence.FencedAction;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become gRPC statuses. Refusals ({@link SidecarException}) keep their
 * message; anything else is an internal error: logged here with an incident id, answered with that
 * id only, so no internals leak to clients.
 */
public final class StatusMapping {

  private static final Logger LOG = LoggerFactory.getLogger(StatusMapping.class);

  private StatusMapping() {}

  /**
   * Maps a failure.
   *
   * @param failure what was thrown while serving a call
   * @return the status to close the call with
   */
  public static Status toStatus(Throwable failure) {
    if (failure instanceof SidecarException refusal) {
      return code(refusal.kind()).withDescription(refusal.getMessage());
    }
    if (failure instanceof StatusRuntimeException e) {
      return e.getStatus();
    }
    if (failure instanceof StatusException e) {
      return e.getStatus();
    }
    if (failure instanceof FileSystemException e) {
      // The workspace changed under the call (a concurrent exec moved or replaced a path): a
      // condition of the caller's files, not a fault of the sidecar.
      Status raced = fileSystemRace(e);
      if (raced != null) {
        return raced;
      }
    }
    String incident = UUID.randomUUID().toString();
    LOG.error("Failed call incident={} error={}", incident, failure.toString(), failure);
    return Status.INTERNAL.withDescription(
        "internal error in the sidecar (incident " + incident + ")");
  }

  /**
   * Runs a unary call's body and completes the call with its result or its mapped failure.
   *
   * @param responses the call's observer
   * @param body computes the response
   */
  public static <T> void unary(StreamObserver<T> responses, FencedAction<T> body) {
    T response;
    try {
      response = body.run();
    } catch (IOException | RuntimeException e) {
      responses.onError(toStatus(e).asRuntimeException());
      return;
    }
    responses.onNext(response);
    responses.onCompleted();
  }

  private static Status fileSystemRace(FileSystemException e) {
    String name = e.getFile() == null ? "a path" : Path.of(e.getFile()).getFileName().toString();
    if (e instanceof NoSuchFileException) {
      return Status.NOT_FOUND.withDescription(
          name + ": no longer exists (changed during the call)");
    }
    if (e instanceof FileAlreadyExistsException
        || e instanceof DirectoryNotEmptyException
        || e instanceof NotDirectoryException) {
      return Status.FAILED_PRECONDITION.withDescription(
          name + ": changed type during the call (" + e.getClass().getSimpleName() + ")");
    }
    if (e instanceof AccessDeniedException) {
      return Status.PERMISSION_DENIED.withDescription(name + ": access denied");
    }
    return null;
  }

  private static Status code(SidecarException.Kind kind) {
    return switch (kind) {
      case INVALID_ARGUMENT -> Status.INVALID_ARGUMENT;
      case OUTSIDE_WORKSPACE, LEASE_MISMATCH -> Status.PERMISSION_DENIED;
      case NOT_FOUND -> Status.NOT_FOUND;
      case WRONG_STATE, NOT_BOUND -> Status.FAILED_PRECONDITION;
      case LIMIT_EXCEEDED -> Status.RESOURCE_EXHAUSTED;
      case MISSING_CREDENTIALS -> Status.UNAUTHENTICATED;
      case LEASE_LOST -> Status.ABORTED;
      case SHUTTING_DOWN -> Status.UNAVAILABLE;
    };
  }
}

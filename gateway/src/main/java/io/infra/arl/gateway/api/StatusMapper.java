package io.infra.arl.gateway.api;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.infra.arl.gateway.failure.GatewayException;
import io.infra.arl.lease.LeaseStoreUnavailableException;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become gRPC statuses. Gateway failures map by kind; statuses from a
 * sidecar pass through when they describe the caller's request (bad path, missing file, ...);
 * anything else becomes INTERNAL with a reference to the log line, never internals.
 */
public final class StatusMapper {
  private static final Logger LOG = LoggerFactory.getLogger(StatusMapper.class);
  private static final Set<Status.Code> SIDECAR_PASS_THROUGH =
      EnumSet.of(
          Status.Code.INVALID_ARGUMENT,
          Status.Code.NOT_FOUND,
          Status.Code.ALREADY_EXISTS,
          Status.Code.PERMISSION_DENIED,
          Status.Code.FAILED_PRECONDITION,
          Status.Code.RESOURCE_EXHAUSTED,
          Status.Code.ABORTED,
          Status.Code.OUT_OF_RANGE,
          Status.Code.DEADLINE_EXCEEDED,
          Status.Code.CANCELLED);

  private StatusMapper() {}

  /** The status to send for a failure. */
  public static Status toStatus(Throwable failure) {
    Throwable t = unwrap(failure);
    if (t instanceof GatewayException e) {
      return code(e).withDescription(e.getMessage());
    }
    if (t instanceof LeaseStoreUnavailableException e) {
      return Status.UNAVAILABLE.withDescription("lease store unavailable: " + e.getMessage());
    }
    if (t instanceof StatusRuntimeException e) {
      Status status = e.getStatus();
      if (SIDECAR_PASS_THROUGH.contains(status.getCode())) {
        return status.withCause(null);
      }
      if (status.getCode() == Status.Code.UNAVAILABLE) {
        return Status.UNAVAILABLE.withDescription(
            "sandbox sidecar unreachable: " + status.getDescription());
      }
    }
    String ref = UUID.randomUUID().toString();
    LOG.error("Failed request ref={}", ref, t);
    return Status.INTERNAL.withDescription("internal error (ref " + ref + " in the gateway log)");
  }

  /** The failure as an exception to hand to {@code StreamObserver.onError}. */
  public static StatusRuntimeException toException(Throwable failure) {
    return toStatus(failure).asRuntimeException();
  }

  private static Status code(GatewayException e) {
    return switch (e.failure()) {
      case INVALID_ARGUMENT -> Status.INVALID_ARGUMENT;
      case NOT_FOUND -> Status.NOT_FOUND;
      case EXHAUSTED -> Status.RESOURCE_EXHAUSTED;
      case LEASE_LOST -> Status.ABORTED;
      case UNAVAILABLE -> Status.UNAVAILABLE;
      case DENIED -> Status.PERMISSION_DENIED;
      case UNAUTHENTICATED -> Status.UNAUTHENTICATED;
      case EXPIRED -> Status.DEADLINE_EXCEEDED;
      case PRECONDITION -> Status.FAILED_PRECONDITION;
    };
  }

  private static Throwable unwrap(Throwable t) {
    Throwable current = t;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }
}

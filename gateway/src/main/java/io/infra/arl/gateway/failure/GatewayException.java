package io.infra.arl.gateway.failure;

/**
 * A failure the gateway reports to its caller. The message is user-facing: it says what was wrong
 * and what was expected, and never leaks internals.
 */
public final class GatewayException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Failure failure;

  public GatewayException(Failure failure, String message) {
    super(message, null, false, false);
    this.failure = failure;
  }

  public GatewayException(Failure failure, String message, Throwable cause) {
    super(message, cause, false, false);
    this.failure = failure;
  }

  public Failure failure() {
    return failure;
  }

  /** An INVALID_ARGUMENT failure in the project's format: {@code field: value (expected: ...)}. */
  public static GatewayException invalid(String field, Object value, String expected) {
    return new GatewayException(
        Failure.INVALID_ARGUMENT, field + ": " + value + " (expected: " + expected + ")");
  }
}

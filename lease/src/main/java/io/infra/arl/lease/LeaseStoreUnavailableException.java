package io.infra.arl.lease;

/**
 * The lease store could not be reached or did not answer within its command timeout. The outcome of
 * the failed call is unknown: a retry with the same owner is safe. Gateways map it to {@code
 * UNAVAILABLE}.
 */
public final class LeaseStoreUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Creates an exception whose message says which operation failed and why. */
  public LeaseStoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Creates an exception without an underlying cause. */
  public LeaseStoreUnavailableException(String message) {
    super(message);
  }
}

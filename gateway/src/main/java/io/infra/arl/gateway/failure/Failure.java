package io.infra.arl.gateway.failure;

/** The kinds of failure a gateway operation reports; each maps to exactly one gRPC status code. */
public enum Failure {
  /** The request is malformed; the message names the field, its value and what was expected. */
  INVALID_ARGUMENT,
  /** A named pool or sandbox does not exist (or is no longer held). */
  NOT_FOUND,
  /** No ready sandbox within the claim deadline, or a limit was reached. */
  EXHAUSTED,
  /** The sandbox's lease was lost (expired and taken, or fenced off). */
  LEASE_LOST,
  /** The lease store or a sidecar cannot be reached. */
  UNAVAILABLE,
  /** The caller may not use this pool or sandbox. */
  DENIED,
  /** The caller presented no valid credentials. */
  UNAUTHENTICATED,
  /** The sandbox's idle timeout or TTL passed. */
  EXPIRED,
  /** The request is valid but cannot be served in the current state. */
  PRECONDITION
}

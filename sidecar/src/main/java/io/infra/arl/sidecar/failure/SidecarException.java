package io.infra.arl.sidecar.failure;

/**
 * A request the sidecar refuses or cannot serve. The {@link Kind} decides the gRPC status (mapped
 * in exactly one place, {@code io.infra.arl.sidecar.rpc.StatusMapping}); the message is the status
 * description a client sees, so it names the field, the value and what was expected.
 *
 * <p>These are expected outcomes of bad input, not bugs, so no stack trace is captured.
 */
public final class SidecarException extends RuntimeException {

  private static final long serialVersionUID = 1L;
  private static final int MAX_QUOTED_CHARS = 160;

  /** What went wrong, independent of the transport. */
  public enum Kind {
    /** The request is malformed or out of its documented limits. */
    INVALID_ARGUMENT,
    /** A path resolves, through a symbolic link, outside the workspace. */
    OUTSIDE_WORKSPACE,
    /** The named file or directory does not exist. */
    NOT_FOUND,
    /** The target exists but is of the wrong kind or in the wrong state. */
    WRONG_STATE,
    /** A size or count limit of the sidecar was reached. */
    LIMIT_EXCEEDED,
    /** The sidecar is not bound to any lease. */
    NOT_BOUND,
    /** The call carries no (or malformed) lease credentials. */
    MISSING_CREDENTIALS,
    /** The caller's lease is older than the bound one: it was lost. */
    LEASE_LOST,
    /** The caller's lease does not match the bound one. */
    LEASE_MISMATCH,
    /** The sidecar is shutting down. */
    SHUTTING_DOWN
  }

  private final Kind kind;

  /**
   * Creates an exception of the given kind.
   *
   * @param kind what went wrong
   * @param message the client-facing description
   */
  public SidecarException(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  /** Returns what went wrong. */
  public Kind kind() {
    return kind;
  }

  /**
   * Builds {@code field: value (expected: expected)} with the given kind.
   *
   * @param kind what went wrong
   * @param field the request field, e.g. {@code files[2].path}
   * @param value the offending value, already formatted (see {@link #quote(String)})
   * @param expected what would have been accepted
   * @return the exception, to be thrown by the caller
   */
  public static SidecarException of(Kind kind, String field, String value, String expected) {
    return new SidecarException(kind, field + ": " + value + " (expected: " + expected + ")");
  }

  /** Shorthand for an {@link Kind#INVALID_ARGUMENT} built by {@link #of}. */
  public static SidecarException invalid(String field, String value, String expected) {
    return of(Kind.INVALID_ARGUMENT, field, value, expected);
  }

  /**
   * Quotes a client-supplied string for a message: control characters escaped, long values cut, so
   * a hostile value can neither forge log lines nor bloat the status.
   *
   * @param raw the value, may be null
   * @return the value in double quotes
   */
  public static String quote(String raw) {
    if (raw == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(Math.min(raw.length(), MAX_QUOTED_CHARS) + 8).append('"');
    for (int i = 0; i < raw.length(); i++) {
      if (i == MAX_QUOTED_CHARS) {
        out.append("...");
        break;
      }
      char c = raw.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }
}

package io.infra.arl.sidecar.process;

import java.time.Duration;

/**
 * How an exec ended.
 *
 * <p>The JDK reports a process killed by signal {@code n} as exit value {@code 128 + n}, as a shell
 * does, and cannot tell it from a process that called {@code exit(128 + n)}. So every exit value in
 * {@code 129..192} is reported with {@link #signal()} set: a process that exits with 137 on its own
 * is reported as killed by SIGKILL. The sidecar's own kills (timeout, cancel, reset) always use
 * SIGKILL.
 *
 * @param exitCode the exit value, {@code 128 + n} for signal {@code n}
 * @param signal the terminating signal number, 0 when the exit value does not denote one
 * @param duration wall-clock time from start to exit
 * @param timedOut true when the sidecar killed the process group because its timeout passed
 */
public record ExitStatus(int exitCode, int signal, Duration duration, boolean timedOut) {

  /** Highest Linux signal number (real-time signals included). */
  public static final int MAX_SIGNAL = 64;

  /**
   * Maps a JDK exit value.
   *
   * @param exitValue {@link Process#exitValue()}
   * @param duration wall-clock time from start to exit
   * @param timedOut whether the timeout killed it
   * @return the status
   */
  public static ExitStatus of(int exitValue, Duration duration, boolean timedOut) {
    int signal = exitValue > 128 && exitValue <= 128 + MAX_SIGNAL ? exitValue - 128 : 0;
    return new ExitStatus(exitValue, signal, duration, timedOut);
  }
}

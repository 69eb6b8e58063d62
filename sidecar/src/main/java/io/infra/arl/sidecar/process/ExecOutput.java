package io.infra.arl.sidecar.process;

/**
 * Where an exec's output goes. Calls come from the exec's own threads: each stream from its pump
 * thread (so {@link #stdout} and {@link #stderr} may run concurrently), {@link #exited} once, after
 * both pumps have finished.
 */
public interface ExecOutput {

  /**
   * Takes a chunk of stdout, blocking while the receiver is not ready: that is what makes a slow
   * reader slow the process down.
   *
   * @param chunk the buffer; only valid during the call
   * @param length how many bytes of it are output
   * @return false when nobody listens any more; later output is then read and dropped
   */
  boolean stdout(byte[] chunk, int length);

  /** Like {@link #stdout}, for stderr. */
  boolean stderr(byte[] chunk, int length);

  /**
   * The exec ended: its leader exited (or was killed) and its output was drained.
   *
   * @param status how it ended
   */
  void exited(ExitStatus status);
}

package io.infra.arl.operator.task.plan;

import io.infra.arl.kube.crd.TaskStatus;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Keeps the first {@value TaskStatus#OUTPUT_LIMIT_BYTES} bytes of a stream and whether more came.
 * Thread safe (gRPC delivers chunks on its own threads).
 */
public final class CappedOutput {

  private final int limit;
  private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
  private boolean truncated;

  /** A buffer with the status limit. */
  public CappedOutput() {
    this(TaskStatus.OUTPUT_LIMIT_BYTES);
  }

  /** A buffer keeping at most {@code limit} bytes. */
  public CappedOutput(int limit) {
    this.limit = limit;
  }

  /** Appends what still fits. */
  public synchronized void append(byte[] chunk) {
    int room = limit - kept.size();
    if (chunk.length > room) {
      truncated = true;
    }
    kept.write(chunk, 0, Math.max(0, Math.min(room, chunk.length)));
  }

  /** The kept bytes as UTF-8 (a character cut at the limit becomes U+FFFD). */
  public synchronized String text() {
    return kept.toString(StandardCharsets.UTF_8);
  }

  /** Whether bytes were dropped. */
  public synchronized boolean truncated() {
    return truncated;
  }
}

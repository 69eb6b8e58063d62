package io.infra.arl.sidecar.fence;

import java.io.IOException;

/**
 * Work done while the caller's binding is guaranteed to stay current.
 *
 * @param <T> the result
 */
@FunctionalInterface
public interface FencedAction<T> {

  /**
   * Does the work.
   *
   * @return the result
   * @throws IOException when the work's I/O fails
   */
  T run() throws IOException;
}

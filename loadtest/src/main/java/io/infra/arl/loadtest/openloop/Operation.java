package io.infra.arl.loadtest.openloop;

import java.util.concurrent.CompletableFuture;

/**
 * One request of a load run. {@link #start} must return quickly (asynchronous calls, or blocking
 * work handed to a virtual thread): the generator calls it on its pacing thread.
 */
@FunctionalInterface
public interface Operation {

  /**
   * Starts request {@code index}; the future completes when the request is done (its latency is
   * measured to that moment) and completes exceptionally when the request failed.
   */
  CompletableFuture<?> start(int index);
}

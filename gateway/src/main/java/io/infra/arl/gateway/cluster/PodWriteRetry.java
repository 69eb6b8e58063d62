package io.infra.arl.gateway.cluster;

import io.kubernetes.client.openapi.ApiException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an apiserver write about a pod up to six times with exponential backoff from 50 ms, on the
 * caller's (virtual) thread. A pod that is gone (404) needs no write; a write that keeps failing is
 * logged and given up: the lease store, not the label, keeps the pod exclusive meanwhile. The first
 * conflict (409) is retried at once: a version the write was conditional on was stale (the pod's,
 * or its claim record's), and the retry reads it again.
 */
final class PodWriteRetry {
  private static final Logger LOG = LoggerFactory.getLogger(PodWriteRetry.class);
  private static final int ATTEMPTS = 6;
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(50);

  /** One attempt of the write. */
  @FunctionalInterface
  interface Write {
    void run() throws ApiException;
  }

  private PodWriteRetry() {}

  /** Runs {@code write} until it succeeds, the pod is gone or the attempts are used up. */
  static void run(String what, String namespace, String name, Write write) {
    Duration backoff = FIRST_BACKOFF;
    boolean conflicted = false;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        write.run();
        return;
      } catch (ApiException e) {
        if (e.getCode() == 404) {
          return; // the pod is gone: nothing left to record
        }
        if (attempt == ATTEMPTS) {
          LOG.warn(
              "Failed to {} namespace={} pod={} code={} attempts={}",
              what,
              namespace,
              name,
              e.getCode(),
              attempt);
          return;
        }
        if (e.getCode() == 409 && !conflicted) {
          conflicted = true;
          continue;
        }
      }
      pause(backoff);
      backoff = backoff.multipliedBy(2);
    }
  }

  private static void pause(Duration backoff) {
    try {
      TimeUnit.MILLISECONDS.sleep(backoff.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package io.infra.arl.operator.cluster;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells a reconcile that its cached object is older than a status this operator already wrote, so
 * it waits for the watch event instead of acting twice (claiming again, re-acquiring a released
 * lease, running a Task twice). The operator is the only writer of these statuses, so a cached
 * status that differs from the last one written can only be stale.
 */
public final class StaleGuard {

  private final Map<String, Object> written = new ConcurrentHashMap<>();

  /** Records that {@code status} was written for {@code key}. */
  public void wrote(String key, Object status) {
    written.put(key, status);
  }

  /**
   * Whether the cached {@code status} of {@code key} predates the last write; once the cache has
   * caught up the record is dropped.
   */
  public boolean isStale(String key, Object status) {
    Object last = written.get(key);
    if (last == null) {
      return false;
    }
    if (Objects.equals(last, status)) {
      written.remove(key, last);
      return false;
    }
    return true;
  }

  /** Forgets {@code key} (the object is gone). */
  public void forget(String key) {
    written.remove(key);
  }
}

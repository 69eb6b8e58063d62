package io.infra.arl.gateway.pool;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * The ready sandboxes of a pool, keyed by id, with a uniform random sample of a few of them in time
 * independent of the pool's size: every claim samples candidates, so copying and shuffling the
 * whole pool per claim would make claims slower as pools grow. Items live in an array (removal
 * swaps the last one into the gap) indexed by id. Thread safe; every operation holds one lock for
 * O(1) work, or O(k) for a sample of k.
 *
 * @param <V> what is kept per sandbox
 */
public final class ReadySet<V> {
  private final Function<V, String> idOf;
  private final ArrayList<V> items = new ArrayList<>();
  private final HashMap<String, Integer> positions = new HashMap<>();

  /**
   * @param idOf the sandbox id of an item
   */
  public ReadySet(Function<V, String> idOf) {
    this.idOf = idOf;
  }

  /** Adds or replaces the item with this item's id; returns the one replaced, or null. */
  public synchronized V put(V item) {
    String id = idOf.apply(item);
    Integer at = positions.get(id);
    if (at != null) {
      return items.set(at, item);
    }
    positions.put(id, items.size());
    items.add(item);
    return null;
  }

  /** Removes and returns the item with this id, or null. */
  public synchronized V remove(String id) {
    Integer at = positions.remove(id);
    if (at == null) {
      return null;
    }
    V removed = items.get(at);
    V last = items.removeLast();
    if (at < items.size()) {
      items.set(at, last);
      positions.put(idOf.apply(last), at);
    }
    return removed;
  }

  /** Removes and returns any one item, or null when empty. */
  public synchronized V removeAny() {
    return items.isEmpty() ? null : remove(idOf.apply(items.getLast()));
  }

  /** The item with this id, or null. */
  public synchronized V get(String id) {
    Integer at = positions.get(id);
    return at == null ? null : items.get(at);
  }

  /**
   * Up to {@code max} distinct items chosen uniformly at random (a partial Fisher-Yates shuffle of
   * the first {@code max} places; the order of the rest does not matter to anyone).
   */
  public synchronized List<V> sample(int max, Random random) {
    int n = items.size();
    int k = Math.max(0, Math.min(max, n));
    List<V> chosen = new ArrayList<>(k);
    for (int i = 0; i < k; i++) {
      int j = i + random.nextInt(n - i);
      if (j != i) {
        Collections.swap(items, i, j);
        positions.put(idOf.apply(items.get(i)), i);
        positions.put(idOf.apply(items.get(j)), j);
      }
      chosen.add(items.get(i));
    }
    return chosen;
  }

  /** How many items there are. */
  public synchronized int size() {
    return items.size();
  }

  /** A copy of every item. */
  public synchronized List<V> snapshot() {
    return new ArrayList<>(items);
  }

  /** Removes and returns every item. */
  public synchronized List<V> clear() {
    List<V> all = new ArrayList<>(items);
    items.clear();
    positions.clear();
    return all;
  }
}

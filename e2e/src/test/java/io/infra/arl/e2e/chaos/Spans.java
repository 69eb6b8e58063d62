package io.infra.arl.e2e.chaos;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Time spans of holders per resource (here: leases per pod), and which of them overlap. A pod that
 * served two leases at once shows up as two overlapping spans.
 */
final class Spans {
  private final Map<String, Map<String, long[]>> byResource = new ConcurrentHashMap<>();

  /** Widens {@code holder}'s span on {@code resource} to include {@code at} (nanoTime). */
  void touch(String resource, String holder, long at) {
    add(resource, holder, at, at);
  }

  /** Widens {@code holder}'s span on {@code resource} to include [from, to] (nanoTime). */
  void add(String resource, String holder, long from, long to) {
    byResource
        .computeIfAbsent(resource, r -> new ConcurrentHashMap<>())
        .merge(
            holder,
            new long[] {from, to},
            (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
  }

  int resources() {
    return byResource.size();
  }

  int holders() {
    return byResource.values().stream().mapToInt(Map::size).sum();
  }

  /** The earliest start after {@code at} of a span on {@code resource} by another holder. */
  Long firstStartAfter(String resource, long at, String excludedHolder) {
    Map<String, long[]> spans = byResource.getOrDefault(resource, Map.of());
    return spans.entrySet().stream()
        .filter(e -> !e.getKey().equals(excludedHolder))
        .map(e -> e.getValue()[0])
        .filter(start -> start > at)
        .min(Long::compare)
        .orElse(null);
  }

  /** Every pair of holders whose spans on one resource overlap, as readable lines. */
  List<String> overlaps() {
    List<String> found = new ArrayList<>();
    byResource.forEach(
        (resource, spans) -> {
          List<Map.Entry<String, long[]>> sorted = new ArrayList<>(spans.entrySet());
          sorted.sort(Comparator.comparingLong(e -> e.getValue()[0]));
          Map.Entry<String, long[]> open = null;
          for (Map.Entry<String, long[]> next : sorted) {
            if (open != null && next.getValue()[0] <= open.getValue()[1]) {
              found.add(resource + ": " + open.getKey() + " and " + next.getKey());
            }
            if (open == null || next.getValue()[1] > open.getValue()[1]) {
              open = next;
            }
          }
        });
    return found;
  }
}

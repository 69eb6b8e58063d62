package io.infra.arl.sidecar.fs;

import java.util.List;

/**
 * A directory listing.
 *
 * @param entries entries in path order (segment by segment), at most the requested maximum
 * @param truncated true when there were more entries than the maximum
 */
public record Listing(List<FileEntry> entries, boolean truncated) {

  /** Copies the entries. */
  public Listing {
    entries = List.copyOf(entries);
  }
}

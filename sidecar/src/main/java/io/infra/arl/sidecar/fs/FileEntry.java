package io.infra.arl.sidecar.fs;

import java.time.Instant;

/**
 * One listed entry.
 *
 * @param path workspace-relative path (under the listed path as requested)
 * @param name last segment
 * @param type what it is
 * @param size size in bytes (of the link itself for links)
 * @param mode permission bits (0777 part)
 * @param modified last modification time
 * @param symlinkTarget the stored target for links, else empty
 */
public record FileEntry(
    String path,
    String name,
    EntryType type,
    long size,
    int mode,
    Instant modified,
    String symlinkTarget) {}

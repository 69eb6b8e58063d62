package io.infra.arl.sidecar.fs;

/** What a directory entry is (symbolic links are never followed to decide). */
public enum EntryType {
  /** A regular file. */
  FILE,
  /** A directory. */
  DIRECTORY,
  /** A symbolic link. */
  SYMLINK,
  /** Anything else: FIFO, socket, device. */
  OTHER
}

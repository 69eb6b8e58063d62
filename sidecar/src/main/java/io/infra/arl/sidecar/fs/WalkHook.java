package io.infra.arl.sidecar.fs;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Called by the walker between checking a directory entry and using it. Production code uses {@link
 * #NONE}; tests use it to swap an entry for a symbolic link exactly inside that window and prove
 * that the swap gains nothing.
 */
interface WalkHook {

  /** Does nothing. */
  WalkHook NONE = new WalkHook() {};

  /**
   * Runs after {@code name} in {@code directory} was seen to be a directory, before it is opened.
   *
   * @param directory the physical path of the directory holding the entry
   * @param name the entry about to be opened
   * @throws IOException when the hook's own file operations fail
   */
  default void beforeOpen(Path directory, String name) throws IOException {}

  /**
   * Runs before a missing directory {@code name} is created in {@code directory}.
   *
   * @param directory the physical path of the directory that will hold the new directory
   * @param name the directory about to be created
   * @throws IOException when the hook's own file operations fail
   */
  default void beforeCreate(Path directory, String name) throws IOException {}
}

package io.infra.arl.sidecar.fs;

import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/** Converts between numeric permission bits ({@code 0755}) and {@link PosixFilePermission}s. */
final class FileModes {

  /** Default mode of a written file. */
  static final int FILE_DEFAULT = 0644;

  /** Default mode of a created directory. */
  static final int DIRECTORY_DEFAULT = 0755;

  // Bit 8 (0400) is OWNER_READ, down to bit 0 (0001) OTHERS_EXECUTE: the enum's declaration order.
  private static final PosixFilePermission[] BY_BIT = PosixFilePermission.values();

  private FileModes() {}

  /** The permissions for the 0777 part of {@code mode}. */
  static Set<PosixFilePermission> toPermissions(int mode) {
    Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
    for (int i = 0; i < BY_BIT.length; i++) {
      if ((mode & (0400 >> i)) != 0) {
        permissions.add(BY_BIT[i]);
      }
    }
    return permissions;
  }

  /** The 0777 bits for {@code permissions}. */
  static int toMode(Set<PosixFilePermission> permissions) {
    int mode = 0;
    for (PosixFilePermission permission : permissions) {
      mode |= 0400 >> permission.ordinal();
    }
    return mode;
  }
}

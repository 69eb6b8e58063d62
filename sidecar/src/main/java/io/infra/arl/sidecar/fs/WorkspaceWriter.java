package io.infra.arl.sidecar.fs;

import static io.infra.arl.sidecar.failure.SidecarException.quote;
import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import io.infra.arl.sidecar.failure.SidecarException;
import io.infra.arl.sidecar.failure.SidecarException.Kind;
import io.infra.arl.sidecar.fs.ConfinedWalker.Entry;
import io.infra.arl.sidecar.fs.ConfinedWalker.Missing;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files atomically: each goes to a temporary file created (exclusively, without following
 * links) in its target directory through that directory's descriptor, and is renamed over the
 * target in the same directory. A reader never sees half a file, and a link or hard link planted at
 * the target is replaced, never written through.
 */
final class WorkspaceWriter {

  private static final int COPY_CHUNK = 64 * 1024;

  private final ConfinedWalker walker;
  private final long maxFileBytes;

  WorkspaceWriter(ConfinedWalker walker, long maxFileBytes) {
    this.walker = walker;
    this.maxFileBytes = maxFileBytes;
  }

  /**
   * Checks every file first (confinement, target kind, size after append), then writes them in
   * order.
   *
   * @return the size of each file after its write, in request order
   */
  List<Long> write(List<FileWrite> files) throws IOException {
    for (FileWrite file : files) {
      check(file);
    }
    List<Long> sizes = new ArrayList<>(files.size());
    for (FileWrite file : files) {
      sizes.add(writeOne(file));
    }
    return sizes;
  }

  private void check(FileWrite file) throws IOException {
    if (file.content().remaining() > maxFileBytes) {
      throw tooLarge(file, file.content().remaining());
    }
    try (Entry entry = walker.entry(file.path(), pathField(file), true, Missing.STOP)) {
      BasicFileAttributes existing = checkTarget(file, entry);
      if (file.append() && existing != null) {
        long total = existing.size() + file.content().remaining();
        if (total > maxFileBytes) {
          throw tooLarge(file, total);
        }
      }
    }
  }

  private long writeOne(FileWrite file) throws IOException {
    try (Entry entry = walker.entry(file.path(), pathField(file), true, Missing.CREATE)) {
      BasicFileAttributes existing = checkTarget(file, entry);
      SecureDirectoryStream<Path> dir = entry.parent().stream();
      Path target = Path.of(entry.name());
      Set<PosixFilePermission> permissions = permissionsFor(file, dir, target, existing);
      Path temporary =
          Path.of(".arl-write-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
      try {
        long size;
        try (SeekableByteChannel out =
            dir.newByteChannel(
                temporary,
                Set.of(CREATE_NEW, WRITE, NOFOLLOW_LINKS),
                PosixFilePermissions.asFileAttribute(permissions))) {
          size = file.append() && existing != null ? copy(file, dir, target, out) : 0;
          if (size + file.content().remaining() > maxFileBytes) {
            throw tooLarge(file, size + file.content().remaining());
          }
          ByteBuffer content = file.content().duplicate();
          while (content.hasRemaining()) {
            size += out.write(content);
          }
        }
        // The creation mode was masked by the umask: set the requested one, by descriptor.
        dir.getFileAttributeView(temporary, PosixFileAttributeView.class, NOFOLLOW_LINKS)
            .setPermissions(permissions);
        dir.move(temporary, dir, target);
        return size;
      } catch (IOException | RuntimeException e) {
        deleteQuietly(dir, temporary);
        throw e;
      }
    }
  }

  private static BasicFileAttributes checkTarget(FileWrite file, Entry entry) {
    BasicFileAttributes existing = entry.attributes();
    if (existing == null || existing.isRegularFile()) {
      return existing;
    }
    String what = existing.isDirectory() ? "is a directory" : "is not a regular file";
    throw new SidecarException(
        Kind.WRONG_STATE,
        pathField(file)
            + ": "
            + quote(file.path().toString())
            + " "
            + what
            + " (expected: a file)");
  }

  private static Set<PosixFilePermission> permissionsFor(
      FileWrite file, SecureDirectoryStream<Path> dir, Path target, BasicFileAttributes existing)
      throws IOException {
    if (file.mode() != 0) {
      return FileModes.toPermissions(file.mode());
    }
    if (file.append() && existing != null) {
      return dir.getFileAttributeView(target, PosixFileAttributeView.class, NOFOLLOW_LINKS)
          .readAttributes()
          .permissions();
    }
    return FileModes.toPermissions(FileModes.FILE_DEFAULT);
  }

  private long copy(
      FileWrite file, SecureDirectoryStream<Path> dir, Path source, SeekableByteChannel out)
      throws IOException {
    SeekableByteChannel in;
    try {
      in = dir.newByteChannel(source, Set.of(READ, NOFOLLOW_LINKS));
    } catch (FileSystemException e) {
      // Replaced by a link or removed since it was checked.
      throw ConfinedWalker.changedConcurrently(pathField(file), file.path());
    }
    try (in) {
      ByteBuffer buffer = ByteBuffer.allocate(COPY_CHUNK);
      long copied = 0;
      while (in.read(buffer) >= 0) {
        buffer.flip();
        copied += buffer.remaining();
        if (copied + file.content().remaining() > maxFileBytes) {
          throw tooLarge(file, copied + file.content().remaining());
        }
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
        buffer.clear();
      }
      return copied;
    }
  }

  private SidecarException tooLarge(FileWrite file, long bytes) {
    return SidecarException.of(
        Kind.LIMIT_EXCEEDED,
        file.field() + ".content",
        bytes + " bytes" + (file.append() ? " after append" : ""),
        "at most " + maxFileBytes + " bytes per file");
  }

  private static String pathField(FileWrite file) {
    return file.field() + ".path";
  }

  private static void deleteQuietly(SecureDirectoryStream<Path> dir, Path temporary) {
    try {
      dir.deleteFile(temporary);
    } catch (IOException e) {
      // Already moved into place or never created.
    }
  }
}

package io.infra.arl.sidecar.fs;

import static io.infra.arl.sidecar.failure.SidecarException.quote;
import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static java.nio.file.StandardOpenOption.READ;

import io.infra.arl.sidecar.failure.SidecarException;
import io.infra.arl.sidecar.failure.SidecarException.Kind;
import io.infra.arl.sidecar.fs.ConfinedWalker.Dir;
import io.infra.arl.sidecar.fs.ConfinedWalker.Entry;
import io.infra.arl.sidecar.fs.ConfinedWalker.Missing;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Set;

/**
 * The sandbox workspace: every file operation of the sidecar, confined to one root directory.
 *
 * <p>Paths are walked from a descriptor of the root that stays open for the workspace's life, one
 * segment at a time without following links implicitly (see {@link ConfinedWalker}); links inside
 * the workspace are followed only while they stay inside. Writes are atomic renames in the target
 * directory. Thread-safe: each call works on its own descriptors.
 */
public final class Workspace implements AutoCloseable {

  private final Path root;
  private final SecureDirectoryStream<Path> rootDir;
  private final ConfinedWalker walker;
  private final WorkspaceWriter writer;
  private final WorkspaceLister lister;
  private final TreeRemover remover;

  private Workspace(
      Path root, SecureDirectoryStream<Path> rootDir, long maxFileBytes, WalkHook hook) {
    this.root = root;
    this.rootDir = rootDir;
    this.walker = new ConfinedWalker(root, rootDir, hook);
    this.writer = new WorkspaceWriter(walker, maxFileBytes);
    this.lister = new WorkspaceLister(walker);
    this.remover = new TreeRemover(rootDir);
  }

  /**
   * Opens the workspace at {@code root}, creating the directory when it is missing.
   *
   * @param root the workspace directory
   * @param maxFileBytes the largest file a write may produce
   * @return the open workspace; close it to release the root's descriptor
   * @throws IOException when the directory cannot be created or opened, or the platform has no
   *     secure directory streams (they need {@code openat}, i.e. Linux or another Unix)
   */
  public static Workspace open(Path root, long maxFileBytes) throws IOException {
    return open(root, maxFileBytes, WalkHook.NONE);
  }

  static Workspace open(Path root, long maxFileBytes, WalkHook hook) throws IOException {
    Files.createDirectories(root);
    Path real = root.toRealPath();
    DirectoryStream<Path> stream = Files.newDirectoryStream(real);
    if (!(stream instanceof SecureDirectoryStream<Path> secure)) {
      stream.close();
      throw new IOException("No secure directory streams on this platform for " + real);
    }
    return new Workspace(real, secure, maxFileBytes, hook);
  }

  /** The workspace's real path. */
  public Path root() {
    return root;
  }

  /**
   * Resolves a process working directory. It must exist and stay inside the workspace.
   *
   * @param path the directory
   * @param field the request field, for error messages
   * @return its physical path
   * @throws SidecarException INVALID_ARGUMENT when it is missing or not a directory,
   *     OUTSIDE_WORKSPACE when a link leads out
   * @throws IOException when the file system fails
   */
  public Path directoryForExec(WorkspacePath path, String field) throws IOException {
    try (Dir dir = walker.directory(path, field, Missing.FAIL)) {
      return walker.physical(dir.segments());
    } catch (SidecarException e) {
      if (e.kind() == Kind.NOT_FOUND || e.kind() == Kind.WRONG_STATE) {
        throw SidecarException.invalid(
            field, quote(path.toString()), "an existing directory inside the workspace");
      }
      throw e;
    }
  }

  /**
   * Writes files: all are checked before any is written, each is written atomically.
   *
   * @return each file's size after its write, in order
   * @throws SidecarException OUTSIDE_WORKSPACE, WRONG_STATE (a directory in the way) or
   *     LIMIT_EXCEEDED (size), before anything was written
   * @throws IOException when the file system fails
   */
  public List<Long> write(List<FileWrite> files) throws IOException {
    return writer.write(files);
  }

  /**
   * Opens a regular file for reading.
   *
   * @throws SidecarException NOT_FOUND, WRONG_STATE (not a regular file), OUTSIDE_WORKSPACE
   * @throws IOException when the file system fails
   */
  public OpenedFile openForRead(WorkspacePath path, String field) throws IOException {
    try (Entry entry = walker.entry(path, field, true, Missing.FAIL)) {
      BasicFileAttributes attributes = entry.attributes();
      if (attributes == null) {
        throw ConfinedWalker.notFound(field, path);
      }
      if (!attributes.isRegularFile()) {
        throw new SidecarException(
            Kind.WRONG_STATE, field + ": " + quote(path.toString()) + " is not a regular file");
      }
      SeekableByteChannel channel;
      try {
        channel =
            entry.parent().stream()
                .newByteChannel(Path.of(entry.name()), Set.of(READ, NOFOLLOW_LINKS));
      } catch (FileSystemException e) {
        throw ConfinedWalker.changedConcurrently(field, path);
      }
      return new OpenedFile(channel, channel.size());
    }
  }

  /**
   * Lists a directory.
   *
   * @param path the directory
   * @param levels how many levels to descend (1 = its own entries)
   * @param maxEntries the most entries returned
   * @param field the request field, for error messages
   * @throws SidecarException NOT_FOUND, WRONG_STATE (not a directory), OUTSIDE_WORKSPACE
   * @throws IOException when the file system fails
   */
  public Listing list(WorkspacePath path, int levels, int maxEntries, String field)
      throws IOException {
    try (Dir dir = walker.directory(path, field, Missing.FAIL)) {
      return lister.list(dir, path.toString(), levels, maxEntries);
    }
  }

  /**
   * Creates a directory and its missing parents.
   *
   * @param mode permission bits of the last directory (parents get 0755)
   * @return false when the directory already existed
   * @throws SidecarException WRONG_STATE when a file is in the way, OUTSIDE_WORKSPACE
   * @throws IOException when the file system fails
   */
  public boolean makeDirectories(WorkspacePath path, int mode, String field) throws IOException {
    if (path.isRoot()) {
      return false;
    }
    try (Entry entry = walker.entry(path, field, true, Missing.CREATE)) {
      BasicFileAttributes existing = entry.attributes();
      if (existing == null
          && walker.createDirectory(entry.parent(), entry.name(), mode, field, path)) {
        return true;
      }
      BasicFileAttributes now =
          existing != null ? existing : ConfinedWalker.lstat(entry.parent().stream(), entry.name());
      if (now == null || !now.isDirectory()) {
        throw new SidecarException(
            Kind.WRONG_STATE,
            field + ": " + quote(path.toString()) + " exists and is not a directory");
      }
      return false;
    }
  }

  /**
   * Removes a file, a link (not its target) or a directory.
   *
   * @return false when nothing was at the path
   * @throws SidecarException WRONG_STATE for a non-empty directory without {@code recursive}
   * @throws IOException when the file system fails
   */
  public boolean remove(WorkspacePath path, boolean recursive, String field) throws IOException {
    try (Entry entry = walker.entry(path, field, false, Missing.STOP)) {
      BasicFileAttributes attributes = entry.attributes();
      if (attributes == null) {
        return false;
      }
      SecureDirectoryStream<Path> parent = entry.parent().stream();
      if (attributes.isDirectory() && recursive) {
        remover.remove(parent, entry.name());
      } else if (attributes.isDirectory()) {
        try {
          parent.deleteDirectory(Path.of(entry.name()));
        } catch (DirectoryNotEmptyException e) {
          throw new SidecarException(
              Kind.WRONG_STATE,
              field
                  + ": "
                  + quote(path.toString())
                  + " is a non-empty directory (expected: recursive)");
        }
      } else {
        parent.deleteFile(Path.of(entry.name()));
      }
      return true;
    }
  }

  /**
   * Removes everything in the workspace.
   *
   * @return how many top-level entries were removed
   * @throws IOException when something could not be removed
   */
  public int clear() throws IOException {
    List<String> names = TreeRemover.names(rootDir);
    for (String name : names) {
      remover.remove(rootDir, name);
    }
    return names.size();
  }

  @Override
  public void close() throws IOException {
    rootDir.close();
  }
}

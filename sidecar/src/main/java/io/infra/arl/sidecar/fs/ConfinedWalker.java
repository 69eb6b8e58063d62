package io.infra.arl.sidecar.fs;

import static io.infra.arl.sidecar.failure.SidecarException.quote;
import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import io.infra.arl.sidecar.failure.SidecarException;
import io.infra.arl.sidecar.failure.SidecarException.Kind;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Walks workspace paths one segment at a time from an open descriptor of the workspace root. Each
 * directory is opened relative to its parent's descriptor with {@code O_NOFOLLOW} ({@link
 * SecureDirectoryStream}), so no path string is ever resolved by the kernel across a directory we
 * have not checked: a directory swapped for a symbolic link between our check and our use makes the
 * open fail instead of escaping. Symbolic links met on the way are read and their targets walked
 * the same way, physically ({@code ..} pops the directory actually reached), and a target that
 * leaves the root is refused with {@link Kind#OUTSIDE_WORKSPACE}.
 */
final class ConfinedWalker {

  /** Most symbolic links followed in one walk, as the kernel's ELOOP limit. */
  static final int MAX_LINKS = 40;

  /** What to do when a directory on the way does not exist. */
  enum Missing {
    /** Refuse with NOT_FOUND. */
    FAIL,
    /** Stop the walk there: the rest would be created fresh, so it cannot escape. */
    STOP,
    /** Create it (like {@code mkdir -p}). */
    CREATE
  }

  /**
   * An open workspace directory.
   *
   * @param stream the directory's descriptor
   * @param segments its physical segments from the root
   * @param owned whether closing this closes the stream (the root's stays open)
   */
  record Dir(SecureDirectoryStream<Path> stream, List<String> segments, boolean owned)
      implements AutoCloseable {
    @Override
    public void close() throws IOException {
      if (owned) {
        stream.close();
      }
    }
  }

  /**
   * A resolved entry: its open parent directory and its name there.
   *
   * @param parent the open parent directory
   * @param name the entry's name in the parent
   * @param attributes the entry's own attributes (not followed), or null when it does not exist
   */
  record Entry(Dir parent, String name, BasicFileAttributes attributes) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      parent.close();
    }
  }

  private final Path root;
  private final List<String> rootSegments;
  private final SecureDirectoryStream<Path> rootDir;
  private final WalkHook hook;

  ConfinedWalker(Path root, SecureDirectoryStream<Path> rootDir, WalkHook hook) {
    this.root = root;
    this.rootSegments = split(root.toString());
    this.rootDir = rootDir;
    this.hook = hook;
  }

  /** The root's descriptor, shared and never closed by walks. */
  SecureDirectoryStream<Path> rootDir() {
    return rootDir;
  }

  /** The root's physical segments, to recognise absolute link targets inside it. */
  List<String> rootSegments() {
    return rootSegments;
  }

  WalkHook hook() {
    return hook;
  }

  /** The physical path of a directory given by its segments from the root. */
  Path physical(List<String> segments) {
    return segments.isEmpty() ? root : root.resolve(String.join("/", segments));
  }

  /**
   * Opens the directory at {@code path}.
   *
   * @param path the directory
   * @param field the request field, for error messages
   * @param missing what to do with missing directories ({@link Missing#STOP} is not allowed)
   * @return the open directory; the caller closes it
   * @throws IOException when the file system fails
   */
  Dir directory(WorkspacePath path, String field, Missing missing) throws IOException {
    try (Walk walk = new Walk(this, field, path, missing)) {
      return walk.toDirectory();
    }
  }

  /**
   * Resolves {@code path} to its parent directory and name.
   *
   * @param path a non-root path
   * @param field the request field, for error messages
   * @param followLeaf whether a symbolic link in the last segment is followed (inside the root)
   * @param missing what to do with missing parent directories; with {@link Missing#STOP} the
   *     returned entry has null attributes when a parent is missing
   * @return the entry; the caller closes it
   * @throws IOException when the file system fails
   */
  Entry entry(WorkspacePath path, String field, boolean followLeaf, Missing missing)
      throws IOException {
    try (Walk walk = new Walk(this, field, path, missing)) {
      return walk.toEntry(followLeaf);
    }
  }

  /**
   * Creates directory {@code name} in {@code parent} with {@code mode}. Java has no {@code
   * mkdirat}, so the directory is created by path and then checked through the parent's descriptor:
   * if a component was swapped for a link in between, the new directory is removed again and the
   * call refused.
   *
   * @return false when something already existed at the name
   * @throws IOException when the file system fails
   */
  boolean createDirectory(Dir parent, String name, int mode, String field, WorkspacePath path)
      throws IOException {
    Path directory = physical(parent.segments());
    hook.beforeCreate(directory, name);
    Path target = directory.resolve(name);
    try {
      Files.createDirectory(target);
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (NoSuchFileException e) {
      throw changedConcurrently(field, path);
    }
    Object createdKey;
    try {
      createdKey =
          Files.readAttributes(target, BasicFileAttributes.class, NOFOLLOW_LINKS).fileKey();
    } catch (IOException e) {
      throw changedConcurrently(field, path);
    }
    BasicFileAttributes viaDescriptor = lstat(parent.stream(), name);
    if (viaDescriptor == null
        || !viaDescriptor.isDirectory()
        || !Objects.equals(viaDescriptor.fileKey(), createdKey)) {
      removeStray(target, createdKey);
      throw new SidecarException(
          Kind.OUTSIDE_WORKSPACE,
          field + ": " + quote(path.toString()) + " was redirected outside the workspace");
    }
    // The mode passed at creation is masked by the umask: set it explicitly, by descriptor.
    parent.stream()
        .getFileAttributeView(Path.of(name), PosixFileAttributeView.class, NOFOLLOW_LINKS)
        .setPermissions(FileModes.toPermissions(mode));
    return true;
  }

  /** The entry's own attributes, or null when it does not exist. */
  static BasicFileAttributes lstat(SecureDirectoryStream<Path> dir, String name)
      throws IOException {
    try {
      return dir.getFileAttributeView(Path.of(name), BasicFileAttributeView.class, NOFOLLOW_LINKS)
          .readAttributes();
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  static SidecarException notFound(String field, WorkspacePath path) {
    return new SidecarException(
        Kind.NOT_FOUND, field + ": " + quote(path.toString()) + " does not exist");
  }

  static SidecarException changedConcurrently(String field, WorkspacePath path) {
    return new SidecarException(
        Kind.WRONG_STATE,
        field + ": " + quote(path.toString()) + " changed while it was being resolved");
  }

  private static void removeStray(Path target, Object fileKey) {
    try {
      BasicFileAttributes now =
          Files.readAttributes(target, BasicFileAttributes.class, NOFOLLOW_LINKS);
      if (now.isDirectory() && Objects.equals(now.fileKey(), fileKey)) {
        Files.delete(target);
      }
    } catch (IOException e) {
      // Best effort: it is an empty directory we made, and the refusal below is what matters.
    }
  }

  static List<String> split(String path) {
    List<String> parts = new ArrayList<>();
    for (String part : path.split("/")) {
      if (!part.isEmpty() && !part.equals(".")) {
        parts.add(part);
      }
    }
    return parts;
  }
}

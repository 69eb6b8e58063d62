package io.infra.arl.sidecar.fs;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Deletes directory trees through directory descriptors only ({@code unlinkat} relative to an
 * opened directory, never by path), so a link swapped in while deleting is removed, not followed.
 * Trees of any depth are handled with a bounded number of open descriptors: a subtree deeper than
 * {@value #MAX_OPEN} levels is first moved up to the workspace root and deleted from there.
 */
final class TreeRemover {

  private static final int MAX_OPEN = 32;

  private final SecureDirectoryStream<Path> rootDir;

  TreeRemover(SecureDirectoryStream<Path> rootDir) {
    this.rootDir = rootDir;
  }

  /** Removes {@code name} in {@code parent}, recursively when it is a directory. */
  void remove(SecureDirectoryStream<Path> parent, String name) throws IOException {
    Deque<String> hoisted = new ArrayDeque<>();
    removeBounded(parent, name, hoisted);
    while (!hoisted.isEmpty()) {
      removeBounded(rootDir, hoisted.poll(), hoisted);
    }
  }

  /** The names in {@code dir}, read through a fresh descriptor of it. */
  static List<String> names(SecureDirectoryStream<Path> dir) throws IOException {
    List<String> names = new ArrayList<>();
    try (SecureDirectoryStream<Path> self = dir.newDirectoryStream(Path.of("."), NOFOLLOW_LINKS)) {
      for (Path entry : self) {
        names.add(entry.getFileName().toString());
      }
    }
    return names;
  }

  private void removeBounded(SecureDirectoryStream<Path> parent, String name, Deque<String> hoisted)
      throws IOException {
    BasicFileAttributes attributes = ConfinedWalker.lstat(parent, name);
    if (attributes == null) {
      return;
    }
    if (!attributes.isDirectory()) {
      deleteFile(parent, name);
      return;
    }
    Deque<Frame> stack = new ArrayDeque<>();
    try {
      stack.push(Frame.open(parent, name));
      while (!stack.isEmpty()) {
        Frame frame = stack.peek();
        String child = frame.names.poll();
        if (child == null) {
          stack.pop().close();
          deleteDirectory(frame.parent, frame.name);
          continue;
        }
        BasicFileAttributes childAttributes = ConfinedWalker.lstat(frame.dir, child);
        if (childAttributes == null) {
          continue;
        }
        if (!childAttributes.isDirectory()) {
          deleteFile(frame.dir, child);
        } else if (stack.size() >= MAX_OPEN) {
          String trash = ".arl-trash-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
          frame.dir.move(Path.of(child), rootDir, Path.of(trash));
          hoisted.add(trash);
        } else {
          stack.push(Frame.open(frame.dir, child));
        }
      }
    } finally {
      while (!stack.isEmpty()) {
        stack.pop().close();
      }
    }
  }

  private static void deleteFile(SecureDirectoryStream<Path> dir, String name) throws IOException {
    try {
      dir.deleteFile(Path.of(name));
    } catch (NoSuchFileException e) {
      // Gone already: that is what we wanted.
    }
  }

  private static void deleteDirectory(SecureDirectoryStream<Path> dir, String name)
      throws IOException {
    try {
      dir.deleteDirectory(Path.of(name));
    } catch (NoSuchFileException e) {
      // Gone already: that is what we wanted.
    }
  }

  /** One directory being emptied: its descriptor, the names left, and where it sits. */
  private record Frame(
      SecureDirectoryStream<Path> parent,
      String name,
      SecureDirectoryStream<Path> dir,
      Deque<String> names)
      implements AutoCloseable {

    static Frame open(SecureDirectoryStream<Path> parent, String name) throws IOException {
      SecureDirectoryStream<Path> dir = parent.newDirectoryStream(Path.of(name), NOFOLLOW_LINKS);
      try {
        return new Frame(parent, name, dir, new ArrayDeque<>(TreeRemover.names(dir)));
      } catch (IOException | RuntimeException e) {
        dir.close();
        throw e;
      }
    }

    @Override
    public void close() throws IOException {
      dir.close();
    }
  }
}

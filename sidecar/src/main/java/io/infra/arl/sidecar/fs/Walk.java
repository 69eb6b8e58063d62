package io.infra.arl.sidecar.fs;

import static io.infra.arl.sidecar.failure.SidecarException.quote;
import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import io.infra.arl.sidecar.failure.SidecarException;
import io.infra.arl.sidecar.failure.SidecarException.Kind;
import io.infra.arl.sidecar.fs.ConfinedWalker.Dir;
import io.infra.arl.sidecar.fs.ConfinedWalker.Entry;
import io.infra.arl.sidecar.fs.ConfinedWalker.Missing;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The state of one walk through the workspace: the directory reached (an open descriptor), its
 * physical segments, and the segments still to walk. Links met on the way push their target's
 * segments in front of what is left; {@code ..} restarts from the root one level up, so the walk
 * can never rise above the root. Bounded: at most {@value ConfinedWalker#MAX_LINKS} links and
 * {@value #MAX_STEPS} steps, so neither a link loop nor a racing attacker can make it spin.
 */
final class Walk implements AutoCloseable {

  // Segments processed in one walk, including link targets, restarts and retries after races.
  static final int MAX_STEPS = 4096;

  private final ConfinedWalker walker;
  private final String field;
  private final WorkspacePath requested;
  private final Missing missing;
  private final Deque<String> pending;
  private final List<String> segments = new ArrayList<>();
  private SecureDirectoryStream<Path> dir;
  private boolean owned;
  private int links;
  private int steps;

  Walk(ConfinedWalker walker, String field, WorkspacePath requested, Missing missing) {
    this.walker = walker;
    this.dir = walker.rootDir();
    this.field = field;
    this.requested = requested;
    this.missing = missing;
    this.pending = new ArrayDeque<>(requested.segments());
  }

  /** Walks the whole path as directories; the caller owns the returned directory. */
  Dir toDirectory() throws IOException {
    descend(0);
    if (!pending.isEmpty()) {
      throw ConfinedWalker.notFound(field, requested);
    }
    return detach();
  }

  /**
   * Walks all but the last segment as directories and resolves the last one, following it when it
   * is a link and {@code followLeaf}; the caller owns the returned entry.
   */
  Entry toEntry(boolean followLeaf) throws IOException {
    while (true) {
      descend(1);
      if (pending.size() > 1) {
        return new Entry(detach(), pending.peekLast(), null);
      }
      String leaf = pending.poll();
      if (leaf.equals("..")) {
        up();
        entryFromCurrentDirectory();
        continue;
      }
      BasicFileAttributes attributes = ConfinedWalker.lstat(dir, leaf);
      if (attributes != null && attributes.isSymbolicLink() && followLeaf) {
        follow(leaf);
        entryFromCurrentDirectory();
        continue;
      }
      return new Entry(detach(), leaf, attributes);
    }
  }

  /** Walks directories until {@code keep} segments are left (or a missing one with STOP). */
  private void descend(int keep) throws IOException {
    while (pending.size() > keep) {
      step();
      String name = pending.poll();
      if (name.equals("..")) {
        up();
        continue;
      }
      BasicFileAttributes attributes = ConfinedWalker.lstat(dir, name);
      if (attributes == null) {
        if (missing == Missing.STOP) {
          pending.push(name);
          return;
        }
        if (missing == Missing.FAIL) {
          throw ConfinedWalker.notFound(field, requested);
        }
        walker.createDirectory(
            new Dir(dir, segments, false), name, FileModes.DIRECTORY_DEFAULT, field, requested);
        pending.push(name);
      } else if (attributes.isSymbolicLink()) {
        follow(name);
      } else if (!attributes.isDirectory()) {
        throw new SidecarException(
            Kind.WRONG_STATE,
            field
                + ": "
                + quote(requested.toString())
                + " is not a directory path ("
                + quote(relative(name))
                + " is not a directory)");
      } else {
        open(name);
      }
    }
  }

  private void open(String name) throws IOException {
    walker.hook().beforeOpen(walker.physical(segments), name);
    SecureDirectoryStream<Path> child;
    try {
      child = dir.newDirectoryStream(Path.of(name), NOFOLLOW_LINKS);
    } catch (AccessDeniedException e) {
      throw e;
    } catch (FileSystemException e) {
      // Swapped (for a link, a file, nothing) after lstat: look at it again.
      pending.push(name);
      return;
    }
    closeOwned();
    dir = child;
    owned = true;
    segments.add(name);
  }

  /** Replaces the link {@code name} in the current directory by its target's segments. */
  private void follow(String name) throws IOException {
    if (++links > ConfinedWalker.MAX_LINKS) {
      throw SidecarException.invalid(
          field,
          quote(requested.toString()),
          "at most " + ConfinedWalker.MAX_LINKS + " symbolic links");
    }
    String target;
    try {
      target = Files.readSymbolicLink(walker.physical(segments).resolve(name)).toString();
    } catch (FileSystemException e) {
      pending.push(name);
      return;
    }
    List<String> parts = ConfinedWalker.split(target);
    if (target.startsWith("/")) {
      List<String> rootSegments = walker.rootSegments();
      boolean inside =
          parts.size() >= rootSegments.size()
              && parts.subList(0, rootSegments.size()).equals(rootSegments);
      if (!inside) {
        throw outside(name);
      }
      parts = parts.subList(rootSegments.size(), parts.size());
      restartAt(List.of());
    }
    for (int i = parts.size() - 1; i >= 0; i--) {
      pending.push(parts.get(i));
    }
  }

  /** Goes to the parent of the current directory, refusing to go above the root. */
  private void up() throws IOException {
    if (segments.isEmpty()) {
      throw new SidecarException(
          Kind.OUTSIDE_WORKSPACE,
          field
              + ": "
              + quote(requested.toString())
              + " leaves the workspace through a symbolic link");
    }
    List<String> parent = new ArrayList<>(segments.subList(0, segments.size() - 1));
    restartAt(parent);
  }

  /** After a link or {@code ..} ended on a directory, names that directory as the entry. */
  private void entryFromCurrentDirectory() throws IOException {
    if (!pending.isEmpty()) {
      return;
    }
    if (segments.isEmpty()) {
      throw new SidecarException(
          Kind.WRONG_STATE,
          field + ": " + quote(requested.toString()) + " resolves to the workspace root");
    }
    restartAt(new ArrayList<>(segments));
  }

  private void restartAt(List<String> prefix) throws IOException {
    List<String> walkAgain = List.copyOf(prefix);
    closeOwned();
    dir = walker.rootDir();
    owned = false;
    segments.clear();
    for (int i = walkAgain.size() - 1; i >= 0; i--) {
      pending.push(walkAgain.get(i));
    }
  }

  private SidecarException outside(String link) {
    return new SidecarException(
        Kind.OUTSIDE_WORKSPACE,
        field
            + ": "
            + quote(requested.toString())
            + " leaves the workspace through the symbolic link "
            + quote(relative(link)));
  }

  private String relative(String name) {
    return segments.isEmpty() ? name : String.join("/", segments) + "/" + name;
  }

  private void step() {
    if (++steps > MAX_STEPS) {
      throw SidecarException.invalid(
          field, quote(requested.toString()), "a path that resolves in fewer steps");
    }
  }

  private Dir detach() {
    Dir result = new Dir(dir, List.copyOf(segments), owned);
    owned = false;
    return result;
  }

  private void closeOwned() throws IOException {
    if (owned) {
      owned = false;
      dir.close();
    }
  }

  @Override
  public void close() throws IOException {
    closeOwned();
  }
}

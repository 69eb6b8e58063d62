package io.infra.arl.sidecar.fs;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Lists a directory through descriptors, depth first with sorted siblings, so entries come out in
 * path order segment by segment. Links are listed, never descended.
 */
final class WorkspaceLister {

  private final ConfinedWalker walker;

  WorkspaceLister(ConfinedWalker walker) {
    this.walker = walker;
  }

  Listing list(ConfinedWalker.Dir dir, String prefix, int levels, int maxEntries)
      throws IOException {
    List<FileEntry> entries = new ArrayList<>();
    boolean complete =
        visit(dir.stream(), dir.segments(), prefix, Math.max(levels, 1), entries, maxEntries);
    return new Listing(entries, !complete);
  }

  /** Adds the entries under {@code dir}; false when {@code maxEntries} cut the listing short. */
  private boolean visit(
      SecureDirectoryStream<Path> dir,
      List<String> physical,
      String prefix,
      int levels,
      List<FileEntry> entries,
      int maxEntries)
      throws IOException {
    List<String> names = TreeRemover.names(dir);
    Collections.sort(names);
    for (String name : names) {
      PosixFileAttributes attributes;
      try {
        attributes =
            dir.getFileAttributeView(Path.of(name), PosixFileAttributeView.class, NOFOLLOW_LINKS)
                .readAttributes();
      } catch (NoSuchFileException e) {
        continue;
      }
      if (entries.size() == maxEntries) {
        return false;
      }
      String path = prefix.isEmpty() ? name : prefix + "/" + name;
      entries.add(entry(path, name, attributes, physical));
      if (attributes.isDirectory() && levels > 1) {
        SecureDirectoryStream<Path> child;
        try {
          child = dir.newDirectoryStream(Path.of(name), NOFOLLOW_LINKS);
        } catch (FileSystemException e) {
          continue; // Swapped or removed since it was listed: list what is still there.
        }
        try (child) {
          List<String> childPhysical = new ArrayList<>(physical);
          childPhysical.add(name);
          if (!visit(child, childPhysical, path, levels - 1, entries, maxEntries)) {
            return false;
          }
        }
      }
    }
    return true;
  }

  private FileEntry entry(
      String path, String name, PosixFileAttributes attributes, List<String> physical) {
    EntryType type =
        attributes.isSymbolicLink()
            ? EntryType.SYMLINK
            : attributes.isDirectory()
                ? EntryType.DIRECTORY
                : attributes.isRegularFile() ? EntryType.FILE : EntryType.OTHER;
    String target = "";
    if (type == EntryType.SYMLINK) {
      try {
        // By path: only the stored string is read, wherever a swap might point it.
        target = Files.readSymbolicLink(walker.physical(physical).resolve(name)).toString();
      } catch (IOException e) {
        target = "";
      }
    }
    return new FileEntry(
        path,
        name,
        type,
        attributes.size(),
        FileModes.toMode(attributes.permissions()),
        attributes.lastModifiedTime().toInstant(),
        target);
  }
}

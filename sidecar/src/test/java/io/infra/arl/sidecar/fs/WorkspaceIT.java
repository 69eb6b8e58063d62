package io.infra.arl.sidecar.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infra.arl.sidecar.failure.SidecarException;
import io.infra.arl.sidecar.failure.SidecarException.Kind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workspace against real files, including the symlink-swap race made deterministic: a hook
 * swaps a checked directory for a link out of the workspace exactly between check and use.
 */
class WorkspaceIT {

  @TempDir Path base;
  private Path root;
  private Path outside;
  private Map<String, String> outsideBefore;
  private Workspace workspace;

  @BeforeEach
  void createWorkspaceAndOutside() throws IOException {
    root = Files.createDirectories(base.resolve("ws")).toRealPath();
    outside = Files.createDirectories(base.resolve("outside")).toRealPath();
    Files.writeString(outside.resolve("secret.txt"), "top secret");
    outsideBefore = snapshot(outside);
    workspace = Workspace.open(root, 1024);
  }

  @AfterEach
  void outsideIsUntouched() throws IOException {
    workspace.close();
    assertThat(snapshot(outside)).isEqualTo(outsideBefore);
  }

  @Test
  void writesReadsListsAndRemoves() throws IOException {
    List<Long> sizes =
        workspace.write(
            List.of(write("a/b/c.txt", "hello", 0640, false), write("a/d", "x", 0, false)));

    assertThat(sizes).containsExactly(5L, 1L);
    assertThat(Files.readString(root.resolve("a/b/c.txt"))).isEqualTo("hello");
    assertThat(FileModes.toMode(Files.getPosixFilePermissions(root.resolve("a/b/c.txt"))))
        .isEqualTo(0640);
    assertThat(read("a/b/c.txt")).isEqualTo("hello");
    Listing listing = workspace.list(WorkspacePath.ROOT, 16, 100, "path");
    assertThat(listing.entries())
        .extracting(FileEntry::path)
        .containsExactly("a", "a/b", "a/b/c.txt", "a/d");
    assertThat(workspace.remove(WorkspacePath.parse("path", "a"), true, "path")).isTrue();
    assertThat(workspace.remove(WorkspacePath.parse("path", "a"), true, "path")).isFalse();
    assertThat(workspace.clear()).isZero();
  }

  @Test
  void appendsAndTruncatesListing() throws IOException {
    workspace.write(List.of(write("log", "one\n", 0, false)));
    workspace.write(List.of(write("log", "two\n", 0, true)));

    assertThat(read("log")).isEqualTo("one\ntwo\n");
    for (int i = 0; i < 5; i++) {
      Files.writeString(root.resolve("f" + i), "");
    }
    Listing listing = workspace.list(WorkspacePath.ROOT, 1, 3, "path");
    assertThat(listing.entries()).extracting(FileEntry::name).containsExactly("f0", "f1", "f2");
    assertThat(listing.truncated()).isTrue();
  }

  @Test
  void followsLinksThatStayInside() throws IOException {
    Files.createDirectories(root.resolve("real/sub"));
    Files.writeString(root.resolve("real/sub/f.txt"), "inside");
    Files.createSymbolicLink(root.resolve("rel"), Path.of("real/sub"));
    Files.createSymbolicLink(root.resolve("abs"), root.resolve("real"));
    Files.createSymbolicLink(root.resolve("real/up"), Path.of("../real/sub/f.txt"));

    assertThat(read("rel/f.txt")).isEqualTo("inside");
    assertThat(read("abs/sub/f.txt")).isEqualTo("inside");
    assertThat(read("real/up")).isEqualTo("inside");
    workspace.write(List.of(write("rel/new.txt", "n", 0, false)));
    assertThat(Files.readString(root.resolve("real/sub/new.txt"))).isEqualTo("n");
  }

  @Test
  void refusesEveryWayOut() throws IOException {
    Files.createDirectories(root.resolve("d"));
    Files.createSymbolicLink(root.resolve("out-dir"), outside);
    Files.createSymbolicLink(root.resolve("out-file"), outside.resolve("secret.txt"));
    Files.createSymbolicLink(root.resolve("up"), Path.of(".."));
    Files.createSymbolicLink(root.resolve("d/upup"), Path.of("../../outside"));
    Files.createSymbolicLink(root.resolve("root-link"), Path.of("/"));
    Files.createSymbolicLink(root.resolve("dangling-out"), outside.resolve("new.txt"));
    Files.createSymbolicLink(root.resolve("loop-a"), Path.of("loop-b"));
    Files.createSymbolicLink(root.resolve("loop-b"), Path.of("loop-a"));
    Files.createSymbolicLink(root.resolve("chain"), Path.of("d/upup"));

    String[] writesRefused = {
      "out-dir/x",
      "out-file",
      "up/outside/x",
      "d/upup/x",
      "root-link/tmp/x",
      "dangling-out",
      "chain/x",
      "out-dir/deeper/still/x"
    };
    for (String path : writesRefused) {
      assertRefused(
          () -> workspace.write(List.of(write(path, "evil", 0, false))),
          Kind.OUTSIDE_WORKSPACE,
          path);
    }
    String[] readsRefused = {
      "out-file", "out-dir/secret.txt", "d/upup/secret.txt", "up/outside/secret.txt"
    };
    for (String path : readsRefused) {
      assertRefused(() -> read(path), Kind.OUTSIDE_WORKSPACE, path);
    }
    assertRefused(
        () -> workspace.list(WorkspacePath.parse("path", "out-dir"), 1, 10, "path"),
        Kind.OUTSIDE_WORKSPACE,
        "out-dir");
    assertRefused(
        () ->
            workspace.makeDirectories(WorkspacePath.parse("path", "out-dir/newdir"), 0755, "path"),
        Kind.OUTSIDE_WORKSPACE,
        "out-dir");
    assertRefused(
        () -> workspace.directoryForExec(WorkspacePath.parse("cwd", "out-dir"), "cwd"),
        Kind.OUTSIDE_WORKSPACE,
        "out-dir");
    assertRefused(() -> read("loop-a"), Kind.INVALID_ARGUMENT, "at most 40 symbolic links");
    // Removing a link removes the link, never what it points to.
    assertThat(workspace.remove(WorkspacePath.parse("path", "out-file"), false, "path")).isTrue();
    assertThat(workspace.remove(WorkspacePath.parse("path", "out-dir"), true, "path")).isTrue();
    assertRefused(
        () -> workspace.remove(WorkspacePath.parse("path", "d/upup/secret.txt"), false, "path"),
        Kind.OUTSIDE_WORKSPACE,
        "upup");
  }

  @Test
  void replacesAHardLinkInsteadOfWritingThroughIt() throws IOException {
    Files.createLink(root.resolve("hard"), outside.resolve("secret.txt"));

    workspace.write(List.of(write("hard", "overwritten", 0, false)));
    workspace.write(List.of(write("hard", " and appended", 0, true)));

    assertThat(Files.readString(root.resolve("hard"))).isEqualTo("overwritten and appended");
  }

  @Test
  void checksEveryFileBeforeWritingAny() throws IOException {
    Files.createSymbolicLink(root.resolve("out-dir"), outside);

    assertRefused(
        () ->
            workspace.write(
                List.of(write("first.txt", "1", 0, false), write("out-dir/x", "2", 0, false))),
        Kind.OUTSIDE_WORKSPACE,
        "files.path");
    assertRefused(
        () ->
            workspace.write(
                List.of(
                    write("first.txt", "1", 0, false), write("big", "x".repeat(1025), 0, false))),
        Kind.LIMIT_EXCEEDED,
        "at most 1024 bytes");
    assertThat(root.resolve("first.txt")).doesNotExist();
  }

  @Test
  void refusesAFileOrDirectoryInTheWay() throws IOException {
    Files.writeString(root.resolve("file"), "");
    Files.createDirectories(root.resolve("dir"));

    assertRefused(
        () -> workspace.write(List.of(write("file/x", "", 0, false))),
        Kind.WRONG_STATE,
        "not a directory");
    assertRefused(
        () -> workspace.write(List.of(write("dir", "", 0, false))),
        Kind.WRONG_STATE,
        "is a directory");
    assertRefused(() -> read("dir"), Kind.WRONG_STATE, "not a regular file");
    assertRefused(() -> read("missing"), Kind.NOT_FOUND, "does not exist");
    assertRefused(
        () -> workspace.makeDirectories(WorkspacePath.parse("path", "file"), 0755, "path"),
        Kind.WRONG_STATE,
        "not a directory");
    Files.writeString(root.resolve("dir/child"), "");
    assertRefused(
        () -> workspace.remove(WorkspacePath.parse("path", "dir"), false, "path"),
        Kind.WRONG_STATE,
        "non-empty directory");
  }

  @Test
  void directorySwappedForALinkBetweenCheckAndOpenGainsNothing() throws IOException {
    Files.createDirectories(root.resolve("d"));
    Files.writeString(root.resolve("d/secret.txt"), "inside");
    WalkHook swap =
        new WalkHook() {
          @Override
          public void beforeOpen(Path directory, String name) throws IOException {
            if (name.equals("d")
                && Files.isDirectory(
                    directory.resolve(name), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
              Files.move(directory.resolve("d"), directory.resolve("d-moved"));
              Files.createSymbolicLink(directory.resolve("d"), outside);
            }
          }
        };
    try (Workspace raced = Workspace.open(root, 1024, swap)) {
      assertRefused(
          () -> raced.write(List.of(write("d/secret.txt", "evil", 0, false))),
          Kind.OUTSIDE_WORKSPACE,
          "d");
    }
    resetSwap();
    try (Workspace raced = Workspace.open(root, 1024, swap)) {
      assertRefused(
          () -> {
            try (OpenedFile file =
                raced.openForRead(WorkspacePath.parse("path", "d/secret.txt"), "path")) {
              return file;
            }
          },
          Kind.OUTSIDE_WORKSPACE,
          "d");
    }
  }

  @Test
  void parentSwappedForALinkBeforeMkdirLeavesNothingOutside() throws IOException {
    Files.createDirectories(root.resolve("p"));
    WalkHook swap =
        new WalkHook() {
          @Override
          public void beforeCreate(Path directory, String name) throws IOException {
            if (directory.endsWith("p")
                && Files.isDirectory(directory, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
              Files.move(directory, directory.resolveSibling("p-moved"));
              Files.createSymbolicLink(directory, outside);
            }
          }
        };
    try (Workspace raced = Workspace.open(root, 1024, swap)) {
      assertRefused(
          () -> raced.write(List.of(write("p/new/x.txt", "evil", 0, false))),
          Kind.OUTSIDE_WORKSPACE,
          "p/new");
    }
    assertThat(outside.resolve("new")).doesNotExist();
  }

  @Test
  void clearsDeepTreesWithBoundedDescriptors() throws IOException {
    // 300 levels: far more than the remover keeps open, so subtrees get hoisted.
    Path current = root.resolve("deep");
    for (int i = 0; i < 100; i++) {
      current = Files.createDirectories(current.resolve("a/b/c"));
    }
    Files.writeString(current.resolve("leaf.txt"), "x");
    Files.createSymbolicLink(root.resolve("deep/a/link-out"), outside);

    assertThat(workspace.clear()).isEqualTo(1);

    try (Stream<Path> left = Files.list(root)) {
      assertThat(left).isEmpty();
    }
  }

  private void resetSwap() throws IOException {
    Files.delete(root.resolve("d"));
    Files.move(root.resolve("d-moved"), root.resolve("d"));
  }

  private String read(String path) throws IOException {
    try (OpenedFile file = workspace.openForRead(WorkspacePath.parse("path", path), "path")) {
      ByteBuffer buffer = ByteBuffer.allocate((int) file.size());
      while (buffer.hasRemaining() && file.channel().read(buffer) >= 0) {
        // Reads until full.
      }
      return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    }
  }

  private static FileWrite write(String path, String content, int mode, boolean append) {
    return new FileWrite(
        WorkspacePath.parse("files.path", path),
        "files",
        ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)),
        mode,
        append);
  }

  private static void assertRefused(Call call, Kind kind, String messagePart) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(SidecarException.class, e -> assertThat(e.kind()).isEqualTo(kind))
        .hasMessageContaining(messagePart);
  }

  private static Map<String, String> snapshot(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path path : walk.toList()) {
        String content = Files.isRegularFile(path) ? Files.readString(path) : "<dir>";
        files.put(dir.relativize(path).toString(), content);
      }
    }
    return files;
  }

  private interface Call {
    Object run() throws Exception;
  }
}

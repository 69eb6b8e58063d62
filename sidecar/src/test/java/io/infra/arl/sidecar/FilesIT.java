package io.infra.arl.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.infra.arl.api.sidecar.v1.FileChunk;
import io.infra.arl.api.sidecar.v1.FileInfo;
import io.infra.arl.api.sidecar.v1.FileType;
import io.infra.arl.api.sidecar.v1.FileWrite;
import io.infra.arl.api.sidecar.v1.ListFilesRequest;
import io.infra.arl.api.sidecar.v1.ListFilesResponse;
import io.infra.arl.api.sidecar.v1.MakeDirRequest;
import io.infra.arl.api.sidecar.v1.ReadFileRequest;
import io.infra.arl.api.sidecar.v1.RemoveRequest;
import io.infra.arl.api.sidecar.v1.SidecarGrpc.SidecarBlockingStub;
import io.infra.arl.api.sidecar.v1.WriteFilesRequest;
import io.infra.arl.api.sidecar.v1.WriteFilesResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** File RPCs against a real sidecar; every hostile request must leave the outside untouched. */
class FilesIT {

  private SidecarHarness harness;
  private SidecarBlockingStub files;
  private Map<String, String> outsideBefore;

  @BeforeEach
  void start() throws IOException {
    harness =
        SidecarHarness.start(config -> config.withMaxFileBytes(1024 * 1024), SidecarObserver.NONE);
    files = harness.bound();
    outsideBefore = snapshot(harness.outside());
  }

  @AfterEach
  void stop() throws IOException {
    Map<String, String> outsideAfter = snapshot(harness.outside());
    harness.close();
    assertThat(outsideAfter).as("files outside the workspace").isEqualTo(outsideBefore);
  }

  @Test
  void writesReadsListsMakesAndRemoves() {
    WriteFilesResponse written =
        files.writeFiles(
            WriteFilesRequest.newBuilder()
                .addFiles(file("a.txt", "hello"))
                .addFiles(file("src/main.py", "print(1)").toBuilder().setMode(0755))
                .build());

    assertThat(written.getFilesList())
        .extracting(f -> f.getPath() + "=" + f.getSize())
        .containsExactly("a.txt=5", "src/main.py=8");
    assertThat(read("a.txt", 0, 0)).isEqualTo("hello");
    assertThat(read("a.txt", 1, 3)).isEqualTo("ell");
    assertThat(files.makeDir(MakeDirRequest.newBuilder().setPath("out/logs").build()).getCreated())
        .isTrue();
    assertThat(files.makeDir(MakeDirRequest.newBuilder().setPath("out/logs").build()).getCreated())
        .isFalse();

    ListFilesResponse listing = files.listFiles(ListFilesRequest.newBuilder().setDepth(3).build());
    assertThat(listing.getEntriesList())
        .extracting(FileInfo::getPath)
        .containsExactly("a.txt", "out", "out/logs", "src", "src/main.py");
    FileInfo script = listing.getEntries(4);
    assertThat(script.getType()).isEqualTo(FileType.FILE_TYPE_FILE);
    assertThat(script.getMode()).isEqualTo(0755);
    assertThat(script.getSize()).isEqualTo(8);
    assertThat(script.getModified().getSeconds()).isPositive();

    assertThat(
            files
                .remove(RemoveRequest.newBuilder().setPath("src").setRecursive(true).build())
                .getRemoved())
        .isTrue();
    assertThat(files.remove(RemoveRequest.newBuilder().setPath("src").build()).getRemoved())
        .isFalse();
    assertThat(harness.workspace().resolve("src")).doesNotExist();
  }

  @Test
  void streamsLargeFilesInChunks() {
    byte[] content = new byte[1024 * 1024];
    new Random(42).nextBytes(content);
    files.writeFiles(
        WriteFilesRequest.newBuilder()
            .addFiles(
                FileWrite.newBuilder().setPath("big.bin").setContent(ByteString.copyFrom(content)))
            .build());

    List<FileChunk> chunks = new ArrayList<>();
    files
        .readFile(ReadFileRequest.newBuilder().setPath("big.bin").build())
        .forEachRemaining(chunks::add);

    assertThat(chunks).hasSize(16);
    assertThat(chunks)
        .allSatisfy(chunk -> assertThat(chunk.getData().size()).isLessThanOrEqualTo(64 * 1024));
    assertThat(chunks.getFirst().getFileSize()).isEqualTo(content.length);
    assertThat(chunks.getLast().getEof()).isTrue();
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    chunks.forEach(chunk -> joined.writeBytes(chunk.getData().toByteArray()));
    assertThat(joined.toByteArray()).isEqualTo(content);
  }

  @Test
  void appendsAndKeepsTheMode() {
    files.writeFiles(
        WriteFilesRequest.newBuilder()
            .addFiles(file("log", "one\n").toBuilder().setMode(0600))
            .build());
    files.writeFiles(
        WriteFilesRequest.newBuilder()
            .addFiles(file("log", "two\n").toBuilder().setAppend(true))
            .build());

    assertThat(read("log", 0, 0)).isEqualTo("one\ntwo\n");
    assertThat(files.listFiles(ListFilesRequest.getDefaultInstance()).getEntries(0).getMode())
        .isEqualTo(0600);
  }

  static Stream<Arguments> hostileWrites() {
    return Stream.of(
        Arguments.of("../escape.txt", Status.Code.INVALID_ARGUMENT),
        Arguments.of("a/../../escape.txt", Status.Code.INVALID_ARGUMENT),
        Arguments.of("..", Status.Code.INVALID_ARGUMENT),
        Arguments.of("/etc/passwd", Status.Code.INVALID_ARGUMENT),
        Arguments.of("/tmp/escape.txt", Status.Code.INVALID_ARGUMENT),
        Arguments.of("", Status.Code.INVALID_ARGUMENT),
        Arguments.of("nul\0byte", Status.Code.INVALID_ARGUMENT),
        Arguments.of("line\nbreak", Status.Code.INVALID_ARGUMENT),
        Arguments.of("x".repeat(5000), Status.Code.INVALID_ARGUMENT),
        Arguments.of("d/".repeat(65) + "f", Status.Code.INVALID_ARGUMENT),
        Arguments.of("link-out/escape.txt", Status.Code.PERMISSION_DENIED),
        Arguments.of("link-out/new/dir/escape.txt", Status.Code.PERMISSION_DENIED),
        Arguments.of("link-secret", Status.Code.PERMISSION_DENIED),
        Arguments.of("link-up/outside/escape.txt", Status.Code.PERMISSION_DENIED),
        Arguments.of("inner/link-upup/escape.txt", Status.Code.PERMISSION_DENIED),
        Arguments.of("link-root/tmp/escape.txt", Status.Code.PERMISSION_DENIED),
        Arguments.of("dangling-out", Status.Code.PERMISSION_DENIED),
        Arguments.of("chain-out/escape.txt", Status.Code.PERMISSION_DENIED));
  }

  @ParameterizedTest
  @MethodSource("hostileWrites")
  void refusesHostileWritesWithoutWritingAnything(String path, Status.Code code)
      throws IOException {
    plantLinks();

    assertThatThrownBy(
            () ->
                files.writeFiles(
                    WriteFilesRequest.newBuilder()
                        .addFiles(file("innocent.txt", "first"))
                        .addFiles(file(path, "evil"))
                        .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(code);
              assertThat(e.getStatus().getDescription()).startsWith("files[1].path: ");
            });
    assertThat(harness.workspace().resolve("innocent.txt")).doesNotExist();
  }

  @Test
  void refusesHostileReadsListsAndRemoves() throws IOException {
    plantLinks();

    for (String path :
        List.of(
            "link-secret",
            "link-out/secret.txt",
            "link-up/outside/secret.txt",
            "inner/link-upup/secret.txt",
            "../outside/secret.txt",
            "/etc/passwd")) {
      assertThatThrownBy(() -> read(path, 0, 0))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e ->
                  assertThat(e.getStatus().getCode())
                      .isIn(Status.Code.PERMISSION_DENIED, Status.Code.INVALID_ARGUMENT));
    }
    assertThatThrownBy(
            () -> files.listFiles(ListFilesRequest.newBuilder().setPath("link-out").build()))
        .hasMessageStartingWith("PERMISSION_DENIED: path: \"link-out\" leaves the workspace");
    assertThatThrownBy(
            () -> files.makeDir(MakeDirRequest.newBuilder().setPath("link-out/x").build()))
        .hasMessageStartingWith("PERMISSION_DENIED");
    assertThatThrownBy(
            () -> files.remove(RemoveRequest.newBuilder().setPath("link-out/secret.txt").build()))
        .hasMessageStartingWith("PERMISSION_DENIED");
    assertThatThrownBy(() -> files.remove(RemoveRequest.newBuilder().setPath(".").build()))
        .hasMessage("INVALID_ARGUMENT: path: \".\" (expected: a path below the workspace root)");
    // Removing a link to the outside removes the link only.
    assertThat(
            files
                .remove(RemoveRequest.newBuilder().setPath("link-out").setRecursive(true).build())
                .getRemoved())
        .isTrue();
    ListFilesResponse listing = files.listFiles(ListFilesRequest.newBuilder().setDepth(16).build());
    assertThat(listing.getEntriesList())
        .filteredOn(entry -> entry.getType() == FileType.FILE_TYPE_SYMLINK)
        .extracting(FileInfo::getPath)
        .contains("link-secret", "link-up");
  }

  @Test
  void refusesFilesAboveTheSizeLimit() {
    ByteString huge = ByteString.copyFrom(new byte[1024 * 1024 + 1]);

    assertThatThrownBy(
            () ->
                files.writeFiles(
                    WriteFilesRequest.newBuilder()
                        .addFiles(FileWrite.newBuilder().setPath("huge.bin").setContent(huge))
                        .build()))
        .hasMessage(
            "RESOURCE_EXHAUSTED: files[0].content: 1048577 bytes (expected: at most 1048576 bytes per file)");
    assertThat(harness.workspace().resolve("huge.bin")).doesNotExist();
  }

  @Test
  void refusesMessagesAboveTheMessageLimit() throws IOException {
    harness.close();
    harness =
        SidecarHarness.start(
            config -> config.withMaxInboundMessageBytes(64 * 1024), SidecarObserver.NONE);
    files = harness.bound();
    outsideBefore = snapshot(harness.outside());

    assertThatThrownBy(
            () ->
                files.writeFiles(
                    WriteFilesRequest.newBuilder()
                        .addFiles(
                            FileWrite.newBuilder()
                                .setPath("big")
                                .setContent(ByteString.copyFrom(new byte[65 * 1024])))
                        .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
  }

  @Test
  void directorySwappedForAnOutsideLinkWhileWritingNeverLeaksAFile() throws Exception {
    Path workspace = harness.workspace();
    Path flip = workspace.resolve("flip");
    Path parked = workspace.resolve("flip-parked");
    Files.createDirectories(flip);
    AtomicBoolean running = new AtomicBoolean(true);
    Thread swapper =
        Thread.ofPlatform()
            .start(
                () -> {
                  for (int i = 0; i < 3000 && running.get(); i++) {
                    try {
                      if (Files.isDirectory(flip, LinkOption.NOFOLLOW_LINKS)) {
                        Files.move(flip, parked, StandardCopyOption.ATOMIC_MOVE);
                        Files.createSymbolicLink(flip, harness.outside());
                      } else {
                        Files.deleteIfExists(flip);
                        Files.move(parked, flip, StandardCopyOption.ATOMIC_MOVE);
                      }
                    } catch (IOException e) {
                      // The sidecar created or replaced something meanwhile: keep flipping.
                    }
                  }
                });
    int written = 0;
    int refused = 0;
    for (int i = 0; i < 300; i++) {
      try {
        files.writeFiles(WriteFilesRequest.newBuilder().addFiles(file("flip/f" + i, "x")).build());
        written++;
      } catch (StatusRuntimeException e) {
        assertThat(e.getStatus().getCode())
            .isIn(
                Status.Code.PERMISSION_DENIED,
                Status.Code.FAILED_PRECONDITION,
                Status.Code.NOT_FOUND);
        refused++;
      }
    }
    running.set(false);
    swapper.join();

    assertThat(written + refused).isEqualTo(300);
    try (Stream<Path> outside = Files.list(harness.outside())) {
      assertThat(outside.map(p -> p.getFileName().toString())).containsExactly("secret.txt");
    }
  }

  private void plantLinks() throws IOException {
    Path workspace = harness.workspace();
    Path outside = harness.outside();
    Files.createDirectories(workspace.resolve("inner"));
    Files.createSymbolicLink(workspace.resolve("link-out"), outside);
    Files.createSymbolicLink(workspace.resolve("link-secret"), outside.resolve("secret.txt"));
    Files.createSymbolicLink(workspace.resolve("link-up"), Path.of(".."));
    Files.createSymbolicLink(workspace.resolve("inner/link-upup"), Path.of("../../outside"));
    Files.createSymbolicLink(workspace.resolve("link-root"), Path.of("/"));
    Files.createSymbolicLink(workspace.resolve("dangling-out"), outside.resolve("escape.txt"));
    Files.createSymbolicLink(workspace.resolve("chain-out"), Path.of("inner/link-upup"));
  }

  private String read(String path, long offset, long limit) {
    Iterator<FileChunk> chunks =
        files.readFile(
            ReadFileRequest.newBuilder().setPath(path).setOffset(offset).setLimit(limit).build());
    StringBuilder content = new StringBuilder();
    chunks.forEachRemaining(chunk -> content.append(chunk.getData().toStringUtf8()));
    return content.toString();
  }

  private static FileWrite file(String path, String content) {
    return FileWrite.newBuilder()
        .setPath(path)
        .setContent(ByteString.copyFromUtf8(content))
        .build();
  }

  private static Map<String, String> snapshot(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path path : walk.toList()) {
        files.put(
            dir.relativize(path).toString(),
            Files.isRegularFile(path) ? Files.readString(path) : "<dir>");
      }
    }
    return files;
  }
}

package io.infra.arl.sidecar.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.infra.arl.api.sidecar.v1.FileWrite;
import io.infra.arl.api.sidecar.v1.ListFilesRequest;
import io.infra.arl.api.sidecar.v1.ReadFileRequest;
import io.infra.arl.api.sidecar.v1.WriteFilesRequest;
import io.infra.arl.sidecar.failure.SidecarException;
import java.util.Collections;
import org.junit.jupiter.api.Test;

class FileRequestsTest {

  @Test
  void namesTheOffendingFileOfAWrite() {
    WriteFilesRequest request =
        WriteFilesRequest.newBuilder()
            .addFiles(FileWrite.newBuilder().setPath("ok.txt"))
            .addFiles(FileWrite.newBuilder().setPath("../escape"))
            .build();

    assertThatThrownBy(() -> FileRequests.writes(request, 100))
        .hasMessage("files[1].path: \"../escape\" (expected: no '..' segments)");
  }

  @Test
  void refusesSpecialModeBits() {
    WriteFilesRequest request =
        WriteFilesRequest.newBuilder()
            .addFiles(FileWrite.newBuilder().setPath("a").setMode(04755))
            .build();

    assertThatThrownBy(() -> FileRequests.writes(request, 100))
        .hasMessage("files[0].mode: 04755 (expected: permission bits within 0777)");
  }

  @Test
  void refusesOversizedFilesAsResourceExhausted() {
    WriteFilesRequest request =
        WriteFilesRequest.newBuilder()
            .addFiles(
                FileWrite.newBuilder().setPath("a").setContent(ByteString.copyFromUtf8("12345")))
            .build();

    assertThatThrownBy(() -> FileRequests.writes(request, 4))
        .isInstanceOfSatisfying(
            SidecarException.class,
            e ->
                assertThat(StatusMapping.toStatus(e).getCode())
                    .isEqualTo(Status.Code.RESOURCE_EXHAUSTED))
        .hasMessage("files[0].content: 5 bytes (expected: at most 4 bytes per file)");
  }

  @Test
  void refusesTooManyFiles() {
    WriteFilesRequest request =
        WriteFilesRequest.newBuilder()
            .addAllFiles(Collections.nCopies(1025, FileWrite.newBuilder().setPath("a").build()))
            .build();

    assertThatThrownBy(() -> FileRequests.writes(request, 100))
        .hasMessage("files: 1025 entries (expected: at most 1024)");
  }

  @Test
  void validatesReadAndListBounds() {
    assertThatThrownBy(
            () ->
                FileRequests.read(ReadFileRequest.newBuilder().setPath("a").setOffset(-1).build()))
        .hasMessage("offset: -1 (expected: >= 0)");
    assertThatThrownBy(
            () -> FileRequests.read(ReadFileRequest.newBuilder().setPath("a").setLimit(-2).build()))
        .hasMessage("limit: -2 (expected: >= 0 (0 = to the end))");
    assertThatThrownBy(() -> FileRequests.read(ReadFileRequest.newBuilder().build()))
        .hasMessage("path: \"\" (expected: a path below the workspace root)");
    assertThatThrownBy(
            () -> FileRequests.listLevels(ListFilesRequest.newBuilder().setDepth(17).build()))
        .hasMessage("depth: 17 (expected: 0..16)");
    assertThat(FileRequests.listLevels(ListFilesRequest.getDefaultInstance())).isEqualTo(1);
  }
}

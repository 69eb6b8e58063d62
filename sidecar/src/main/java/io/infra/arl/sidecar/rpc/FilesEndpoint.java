package io.infra.arl.sidecar.rpc;

import com.google.protobuf.Timestamp;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.infra.arl.api.sidecar.v1.FileChunk;
import io.infra.arl.api.sidecar.v1.FileInfo;
import io.infra.arl.api.sidecar.v1.FileType;
import io.infra.arl.api.sidecar.v1.ListFilesRequest;
import io.infra.arl.api.sidecar.v1.ListFilesResponse;
import io.infra.arl.api.sidecar.v1.MakeDirRequest;
import io.infra.arl.api.sidecar.v1.MakeDirResponse;
import io.infra.arl.api.sidecar.v1.ReadFileRequest;
import io.infra.arl.api.sidecar.v1.RemoveRequest;
import io.infra.arl.api.sidecar.v1.RemoveResponse;
import io.infra.arl.api.sidecar.v1.WriteFilesRequest;
import io.infra.arl.api.sidecar.v1.WriteFilesResponse;
import io.infra.arl.api.sidecar.v1.WrittenFile;
import io.infra.arl.sidecar.fence.Binding;
import io.infra.arl.sidecar.fence.LeaseFence;
import io.infra.arl.sidecar.fs.FileEntry;
import io.infra.arl.sidecar.fs.FileWrite;
import io.infra.arl.sidecar.fs.Listing;
import io.infra.arl.sidecar.fs.OpenedFile;
import io.infra.arl.sidecar.fs.Workspace;
import io.infra.arl.sidecar.fs.WorkspacePath;
import java.util.List;

/** The file RPCs: validate, run against the workspace under the caller's lease, convert. */
public final class FilesEndpoint {

  private final Workspace workspace;
  private final LeaseFence fence;
  private final long maxFileBytes;

  /**
   * Serves files of {@code workspace}.
   *
   * @param maxFileBytes the largest file a write may produce
   */
  public FilesEndpoint(Workspace workspace, LeaseFence fence, long maxFileBytes) {
    this.workspace = workspace;
    this.fence = fence;
    this.maxFileBytes = maxFileBytes;
  }

  /** WriteFiles. */
  public void writeFiles(WriteFilesRequest request, StreamObserver<WriteFilesResponse> responses) {
    Binding binding = FencingInterceptor.currentBinding();
    StatusMapping.unary(
        responses,
        () -> {
          List<FileWrite> files = FileRequests.writes(request, maxFileBytes);
          List<Long> sizes = fence.withCurrent(binding, () -> workspace.write(files));
          WriteFilesResponse.Builder response = WriteFilesResponse.newBuilder();
          for (int i = 0; i < sizes.size(); i++) {
            response.addFiles(
                WrittenFile.newBuilder()
                    .setPath(request.getFiles(i).getPath())
                    .setSize(sizes.get(i)));
          }
          return response.build();
        });
  }

  /** ReadFile: a stream of chunks under flow control. */
  public void readFile(ReadFileRequest request, StreamObserver<FileChunk> responses) {
    Binding binding = FencingInterceptor.currentBinding();
    var out = (ServerCallStreamObserver<FileChunk>) responses;
    ReadFileStream stream;
    try {
      WorkspacePath path = FileRequests.read(request);
      stream =
          fence.withCurrent(
              binding,
              () -> {
                OpenedFile file = workspace.openForRead(path, "path");
                var opened =
                    new ReadFileStream(
                        out, file, fence, binding, request.getOffset(), request.getLimit());
                opened.start();
                return opened;
              });
    } catch (Exception e) {
      out.onError(StatusMapping.toStatus(e).asRuntimeException());
      return;
    }
    stream.drain();
  }

  /** ListFiles. */
  public void listFiles(ListFilesRequest request, StreamObserver<ListFilesResponse> responses) {
    Binding binding = FencingInterceptor.currentBinding();
    StatusMapping.unary(
        responses,
        () -> {
          WorkspacePath path = WorkspacePath.parse("path", request.getPath());
          int levels = FileRequests.listLevels(request);
          Listing listing =
              fence.withCurrent(
                  binding,
                  () -> workspace.list(path, levels, FileRequests.MAX_LIST_ENTRIES, "path"));
          ListFilesResponse.Builder response =
              ListFilesResponse.newBuilder().setTruncated(listing.truncated());
          for (FileEntry entry : listing.entries()) {
            response.addEntries(info(entry));
          }
          return response.build();
        });
  }

  /** MakeDir. */
  public void makeDir(MakeDirRequest request, StreamObserver<MakeDirResponse> responses) {
    Binding binding = FencingInterceptor.currentBinding();
    StatusMapping.unary(
        responses,
        () -> {
          WorkspacePath path = WorkspacePath.parse("path", request.getPath());
          int mode = request.getMode() == 0 ? 0755 : FileRequests.mode("mode", request.getMode());
          boolean created =
              fence.withCurrent(binding, () -> workspace.makeDirectories(path, mode, "path"));
          return MakeDirResponse.newBuilder().setCreated(created).build();
        });
  }

  /** Remove. */
  public void remove(RemoveRequest request, StreamObserver<RemoveResponse> responses) {
    Binding binding = FencingInterceptor.currentBinding();
    StatusMapping.unary(
        responses,
        () -> {
          WorkspacePath path = WorkspacePath.parseFile("path", request.getPath());
          boolean removed =
              fence.withCurrent(
                  binding, () -> workspace.remove(path, request.getRecursive(), "path"));
          return RemoveResponse.newBuilder().setRemoved(removed).build();
        });
  }

  private static FileInfo info(FileEntry entry) {
    return FileInfo.newBuilder()
        .setPath(entry.path())
        .setName(entry.name())
        .setType(
            switch (entry.type()) {
              case FILE -> FileType.FILE_TYPE_FILE;
              case DIRECTORY -> FileType.FILE_TYPE_DIRECTORY;
              case SYMLINK -> FileType.FILE_TYPE_SYMLINK;
              case OTHER -> FileType.FILE_TYPE_OTHER;
            })
        .setSize(entry.size())
        .setMode(entry.mode())
        .setModified(
            Timestamp.newBuilder()
                .setSeconds(entry.modified().getEpochSecond())
                .setNanos(entry.modified().getNano()))
        .setSymlinkTarget(entry.symlinkTarget())
        .build();
  }
}

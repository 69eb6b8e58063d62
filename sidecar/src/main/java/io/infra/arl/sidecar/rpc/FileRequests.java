package io.infra.arl.sidecar.rpc;

import static io.infra.arl.sidecar.failure.SidecarException.invalid;

import io.infra.arl.api.sidecar.v1.FileWrite;
import io.infra.arl.api.sidecar.v1.ListFilesRequest;
import io.infra.arl.api.sidecar.v1.ReadFileRequest;
import io.infra.arl.api.sidecar.v1.WriteFilesRequest;
import io.infra.arl.sidecar.failure.SidecarException;
import io.infra.arl.sidecar.fs.WorkspacePath;
import java.util.ArrayList;
import java.util.List;

/** Validates file requests against the limits documented in files.proto. */
public final class FileRequests {

  /** Most files in one WriteFiles request. */
  public static final int MAX_FILES = 1024;

  /** Deepest ListFiles descent. */
  public static final int MAX_LIST_DEPTH = 16;

  /** Most entries in one listing. */
  public static final int MAX_LIST_ENTRIES = 10_000;

  private FileRequests() {}

  /**
   * Validates every file of a WriteFiles request, before anything is written.
   *
   * @throws SidecarException INVALID_ARGUMENT naming the field; LIMIT_EXCEEDED for a file above
   *     {@code maxFileBytes}
   */
  public static List<io.infra.arl.sidecar.fs.FileWrite> writes(
      WriteFilesRequest request, long maxFileBytes) {
    if (request.getFilesCount() > MAX_FILES) {
      throw invalid("files", request.getFilesCount() + " entries", "at most " + MAX_FILES);
    }
    List<io.infra.arl.sidecar.fs.FileWrite> writes = new ArrayList<>(request.getFilesCount());
    for (int i = 0; i < request.getFilesCount(); i++) {
      FileWrite file = request.getFiles(i);
      String field = "files[" + i + "]";
      WorkspacePath path = WorkspacePath.parseFile(field + ".path", file.getPath());
      mode(field + ".mode", file.getMode());
      if (file.getContent().size() > maxFileBytes) {
        throw SidecarException.of(
            SidecarException.Kind.LIMIT_EXCEEDED,
            field + ".content",
            file.getContent().size() + " bytes",
            "at most " + maxFileBytes + " bytes per file");
      }
      writes.add(
          new io.infra.arl.sidecar.fs.FileWrite(
              path,
              field,
              file.getContent().asReadOnlyByteBuffer(),
              file.getMode(),
              file.getAppend()));
    }
    return writes;
  }

  /** Validates a ReadFile request's offset and limit; returns its path. */
  public static WorkspacePath read(ReadFileRequest request) {
    WorkspacePath path = WorkspacePath.parseFile("path", request.getPath());
    if (request.getOffset() < 0) {
      throw invalid("offset", Long.toString(request.getOffset()), ">= 0");
    }
    if (request.getLimit() < 0) {
      throw invalid("limit", Long.toString(request.getLimit()), ">= 0 (0 = to the end)");
    }
    return path;
  }

  /** Validates a ListFiles request's depth; returns how many levels to list (at least 1). */
  public static int listLevels(ListFilesRequest request) {
    if (request.getDepth() < 0 || request.getDepth() > MAX_LIST_DEPTH) {
      throw invalid("depth", Integer.toString(request.getDepth()), "0.." + MAX_LIST_DEPTH);
    }
    return Math.max(1, request.getDepth());
  }

  /**
   * Validates permission bits: only the 0777 part, no setuid, setgid or sticky bit.
   *
   * @return the mode
   */
  public static int mode(String field, int mode) {
    if ((mode & ~0777) != 0) {
      throw invalid(field, "0" + Integer.toOctalString(mode), "permission bits within 0777");
    }
    return mode;
  }
}

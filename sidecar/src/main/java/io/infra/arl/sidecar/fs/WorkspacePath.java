package io.infra.arl.sidecar.fs;

import static io.infra.arl.sidecar.failure.SidecarException.invalid;
import static io.infra.arl.sidecar.failure.SidecarException.quote;

import io.infra.arl.sidecar.failure.SidecarException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A syntactically valid workspace-relative path: no {@code ..}, not absolute, no NUL or control
 * characters, at most {@value #MAX_BYTES} bytes and {@value #MAX_DEPTH} segments. Empty and {@code
 * .} segments are dropped, so {@code ./a//b/} is {@code a/b}; the root has no segments.
 *
 * <p>Syntax only: whether the path stays inside the workspace once symbolic links are followed is
 * decided while walking it (see {@link Workspace}).
 *
 * @param segments the path's segments from the workspace root, none empty, {@code .} or {@code ..}
 */
public record WorkspacePath(List<String> segments) {

  /** Longest accepted path, in UTF-8 bytes. */
  public static final int MAX_BYTES = 4096;

  /** Most segments accepted in one path. */
  public static final int MAX_DEPTH = 64;

  /** Longest accepted segment, in UTF-8 bytes (Linux NAME_MAX). */
  public static final int MAX_SEGMENT_BYTES = 255;

  /** The workspace root itself. */
  public static final WorkspacePath ROOT = new WorkspacePath(List.of());

  /** Copies the segments; callers use {@link #parse} or {@link #parseFile} to validate. */
  public WorkspacePath {
    segments = List.copyOf(segments);
  }

  /**
   * Parses a path that may name the workspace root ({@code ""} or {@code .}).
   *
   * @param field the request field, for the error message
   * @param raw the path as the client sent it
   * @return the validated path
   * @throws SidecarException INVALID_ARGUMENT naming the field when the path is not acceptable
   */
  public static WorkspacePath parse(String field, String raw) {
    String path = raw == null ? "" : raw;
    int bytes = path.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_BYTES) {
      throw invalid(field, bytes + " bytes", "at most " + MAX_BYTES + " bytes");
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == 0) {
        throw invalid(field, quote(path), "no NUL bytes");
      }
      if (c < 0x20 || c == 0x7f) {
        throw invalid(field, quote(path), "no control characters");
      }
    }
    if (path.startsWith("/")) {
      throw invalid(field, quote(path), "a path relative to the workspace root, not absolute");
    }
    List<String> segments = new ArrayList<>();
    for (String segment : path.split("/")) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        throw invalid(field, quote(path), "no '..' segments");
      }
      if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
        throw invalid(
            field, quote(path), "segments of at most " + MAX_SEGMENT_BYTES + " bytes each");
      }
      segments.add(segment);
    }
    if (segments.size() > MAX_DEPTH) {
      throw invalid(field, segments.size() + " segments", "at most " + MAX_DEPTH);
    }
    return new WorkspacePath(segments);
  }

  /**
   * Parses a path that must name something below the root (a file, or a directory to remove).
   *
   * @param field the request field, for the error message
   * @param raw the path as the client sent it
   * @return the validated, non-root path
   * @throws SidecarException INVALID_ARGUMENT naming the field when the path is not acceptable
   */
  public static WorkspacePath parseFile(String field, String raw) {
    WorkspacePath path = parse(field, raw);
    if (path.isRoot()) {
      throw invalid(field, quote(raw), "a path below the workspace root");
    }
    return path;
  }

  /** True for the workspace root. */
  public boolean isRoot() {
    return segments.isEmpty();
  }

  /** The last segment; the root has none. */
  public String leaf() {
    if (isRoot()) {
      throw new IllegalStateException("The workspace root has no leaf segment");
    }
    return segments.getLast();
  }

  /** The segments without the last one. */
  public List<String> parentSegments() {
    return isRoot() ? List.of() : segments.subList(0, segments.size() - 1);
  }

  /** This path with one more segment. */
  public WorkspacePath resolve(String name) {
    List<String> longer = new ArrayList<>(segments);
    longer.add(name);
    return new WorkspacePath(longer);
  }

  /** The normalised path, {@code a/b}; the root is the empty string. */
  @Override
  public String toString() {
    return String.join("/", segments);
  }
}

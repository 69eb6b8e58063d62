package io.infra.arl.operator.task.plan;

/**
 * Maps Task paths to the sidecar's workspace-relative paths: {@code /workspace/hello.py} becomes
 * {@code hello.py}, relative paths stay as written. The CRD already refuses paths outside the
 * workspace and {@code ..} segments; the sidecar checks again.
 */
public final class StepPaths {

  /** The workspace as Task authors see it (the executor's mount). */
  public static final String WORKSPACE = "/workspace";

  private StepPaths() {}

  /** The workspace-relative form of {@code path} (empty for the workspace itself). */
  public static String relative(String path) {
    if (path == null || path.isEmpty() || path.equals(WORKSPACE) || path.equals(WORKSPACE + "/")) {
      return "";
    }
    if (path.startsWith(WORKSPACE + "/")) {
      return path.substring(WORKSPACE.length() + 1);
    }
    if (path.startsWith("/")) {
      throw new IllegalArgumentException(
          "path: " + path + " (expected: inside " + WORKSPACE + "/ or relative)");
    }
    return path;
  }
}

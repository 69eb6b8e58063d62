package io.infra.arl.kube.crd;

import java.util.List;
import java.util.Map;

/**
 * One step of a Task: a {@code FilePatch} (write {@code content} to {@code path}) or a {@code
 * Command} (run {@code command} with {@code env} in {@code workDir}).
 *
 * @param name a name for the step, unique in the Task (used in the results)
 * @param type {@link StepType#FILE_PATCH} or {@link StepType#COMMAND}
 * @param path FilePatch: the file, absolute under the workspace ({@code /workspace/hello.py}) or
 *     relative to it
 * @param content FilePatch: the whole file content (UTF-8)
 * @param command Command: program and arguments, run without a shell ({@code ["python",
 *     "/workspace/hello.py"]}); use {@code ["sh", "-c", "..."]} for a shell
 * @param env Command: extra environment variables
 * @param workDir Command: working directory, absolute under the workspace or relative to it
 *     (default: the workspace)
 */
public record TaskStep(
    String name,
    StepType type,
    String path,
    String content,
    List<String> command,
    Map<String, String> env,
    String workDir) {

  /** A FilePatch step. */
  public static TaskStep filePatch(String name, String path, String content) {
    return new TaskStep(name, StepType.FILE_PATCH, path, content, null, null, null);
  }

  /** A Command step. */
  public static TaskStep command(String name, List<String> command) {
    return new TaskStep(name, StepType.COMMAND, null, null, command, null, null);
  }
}

package io.infra.arl.operator.task.plan;

/**
 * What a Task needs to know of its Sandbox.
 *
 * @param exists whether the Sandbox object exists
 * @param usable whether it holds a pod (phase Ready or Bound) with an IP
 * @param released whether its pod was released (phase Released)
 */
public record SandboxView(boolean exists, boolean usable, boolean released) {

  /** No such Sandbox. */
  public static final SandboxView MISSING = new SandboxView(false, false, false);
}

package io.infra.arl.kube.crd;

import com.google.gson.annotations.SerializedName;

/** Where a Task (or one of its steps) is. */
public enum TaskState {
  /** Not started: waiting for its Sandbox to be ready (steps: not reached yet). */
  @SerializedName("Pending")
  PENDING,
  /** Running in the sandbox's pod. */
  @SerializedName("Running")
  RUNNING,
  /** Every step succeeded (a Command step succeeds with exit code 0). */
  @SerializedName("Succeeded")
  SUCCEEDED,
  /** A step failed, the timeout passed, or the sandbox went away; final. */
  @SerializedName("Failed")
  FAILED,
  /** Steps only: not run because an earlier step failed. */
  @SerializedName("Skipped")
  SKIPPED
}

package io.infra.arl.kube.crd;

import com.google.gson.annotations.SerializedName;

/** The kinds of Task step. */
public enum StepType {
  /** Writes a file in the workspace. */
  @SerializedName("FilePatch")
  FILE_PATCH,
  /** Runs a program in the executor container. */
  @SerializedName("Command")
  COMMAND
}

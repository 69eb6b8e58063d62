package io.infra.arl.kube.crd;

import com.google.gson.annotations.SerializedName;

/** What happens to a pool pod when its sandbox is released. */
public enum ReleasePolicy {
  /** The pod is deleted and the pool creates a fresh one (no state can leak between users). */
  @SerializedName("Delete")
  DELETE,
  /**
   * The sidecar kills every process and empties the workspace, then the pod is offered again:
   * faster, but anything written outside the workspace survives.
   */
  @SerializedName("Reset")
  RESET
}

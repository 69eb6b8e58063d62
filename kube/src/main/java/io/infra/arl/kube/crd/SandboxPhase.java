package io.infra.arl.kube.crd;

import com.google.gson.annotations.SerializedName;

/** Where a Sandbox is in its life. */
public enum SandboxPhase {
  /** Waiting for a ready pod of the pool. */
  @SerializedName("Pending")
  PENDING,
  /** A pod is allocated, its sidecar bound to the sandbox's lease, and no Task is running. */
  @SerializedName("Ready")
  READY,
  /** A Task is running in the pod. */
  @SerializedName("Bound")
  BOUND,
  /** The pod was released (deleted or reset and returned to the pool); final. */
  @SerializedName("Released")
  RELEASED
}

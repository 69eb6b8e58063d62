package io.infra.arl.kube.crd;

import com.google.gson.annotations.SerializedName;

/** A one-word summary of a WarmPool, derived from its pods on every reconcile. */
public enum WarmPoolPhase {
  /** No pod is ready yet and nothing has failed (a new pool, or one scaled up from zero). */
  @SerializedName("Pending")
  PENDING,
  /** Exactly {@code replicas} pods are ready and unclaimed, none is starting or failed. */
  @SerializedName("Ready")
  READY,
  /** Pods are being created or removed towards {@code replicas}. */
  @SerializedName("Scaling")
  SCALING,
  /** Pods failed or did not start within {@code startupTimeoutSeconds}. */
  @SerializedName("Degraded")
  DEGRADED
}

package io.infra.arl.gateway.api;

import com.google.protobuf.Timestamp;
import io.infra.arl.api.gateway.v1.Pool;
import io.infra.arl.api.gateway.v1.Sandbox;
import io.infra.arl.api.gateway.v1.SandboxState;
import io.infra.arl.gateway.pool.PoolStats;
import io.infra.arl.gateway.sandbox.HeldSandbox;
import java.time.Instant;

/** Domain to wire conversions of the Gateway API. */
public final class ProtoMapper {
  private ProtoMapper() {}

  public static Sandbox sandbox(HeldSandbox held) {
    return Sandbox.newBuilder()
        .setId(held.id())
        .setPool(held.target().pool())
        .setState(
            held.isReleased()
                ? SandboxState.SANDBOX_STATE_RELEASED
                : SandboxState.SANDBOX_STATE_BOUND)
        .putAllLabels(held.labels())
        .setClaimedAt(timestamp(held.claimedAt()))
        .setIdleExpiresAt(timestamp(held.idleExpiresAt()))
        .setExpiresAt(timestamp(held.expiresAt()))
        .setFencingToken(held.fencingToken())
        .build();
  }

  public static Pool pool(PoolStats stats, int waiting) {
    return Pool.newBuilder()
        .setName(stats.name())
        .setReplicas(stats.replicas())
        .setReady(stats.ready())
        .setAllocated(stats.allocated())
        .setWaitingClaims(waiting)
        .build();
  }

  static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }
}

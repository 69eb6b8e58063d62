package io.infra.arl.gateway;

import static io.infra.arl.gateway.GatewayHarness.ref;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.infra.arl.api.gateway.v1.ClaimRequest;
import io.infra.arl.api.gateway.v1.ClaimResponse;
import io.infra.arl.api.gateway.v1.ClaimSpec;
import io.infra.arl.api.gateway.v1.ExecRequest;
import io.infra.arl.api.gateway.v1.ReleaseRequest;
import io.infra.arl.api.sidecar.v1.ExecStart;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * 200 concurrent claims against a pool of 10: each is served exactly once or refused with
 * RESOURCE_EXHAUSTED after its deadline, and no sandbox is ever held by two sessions, as the
 * sidecars themselves saw it.
 */
class ConcurrentClaimsIT {
  private static final int CLAIMS = 200;
  private static final int CLAIM_TIMEOUT_MS = 1_500;

  @Test
  void everyClaimIsServedOnceOrRefusedAndNoSandboxIsShared() throws Exception {
    SidecarLedger ledger = new SidecarLedger();
    try (GatewayHarness gateway = GatewayHarness.start(10, Map.of(), ledger)) {
      Set<String> heldNow = ConcurrentHashMap.newKeySet();
      Set<String> everServed = ConcurrentHashMap.newKeySet();
      AtomicInteger overlaps = new AtomicInteger();
      List<Future<Status.Code>> outcomes = new ArrayList<>();
      try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int i = 0; i < CLAIMS; i++) {
          outcomes.add(
              clients.submit(() -> claimUseRelease(gateway, heldNow, everServed, overlaps)));
        }
      }
      int served = 0;
      for (Future<Status.Code> outcome : outcomes) {
        Status.Code code = outcome.get();
        assertThat(code).isIn(Status.Code.OK, Status.Code.RESOURCE_EXHAUSTED);
        served += code == Status.Code.OK ? 1 : 0;
      }
      assertThat(overlaps).as("claims that got a sandbox someone else held").hasValue(0);
      assertThat(everServed).as("each served claim got its own sandbox").hasSize(served);
      assertThat(served).isPositive();
      // The sidecars' view: every sandbox was bound to exactly one lease and served only it.
      ledger.binds().forEach((sandbox, leases) -> assertThat(leases).as(sandbox).hasSize(1));
      ledger.servedLeases().forEach((sandbox, leases) -> assertThat(leases).as(sandbox).hasSize(1));
      assertThat(ledger.servedLeases().keySet()).containsExactlyInAnyOrderElementsOf(everServed);
    }
  }

  private static Status.Code claimUseRelease(
      GatewayHarness gateway, Set<String> heldNow, Set<String> everServed, AtomicInteger overlaps) {
    long started = System.nanoTime();
    ClaimResponse claim;
    try {
      claim =
          gateway
              .blocking()
              .claim(
                  ClaimRequest.newBuilder()
                      .setSpec(
                          ClaimSpec.newBuilder()
                              .setPool("default")
                              .setClaimTimeoutMs(CLAIM_TIMEOUT_MS))
                      .build());
    } catch (RuntimeException e) {
      Status status = Status.fromThrowable(e);
      long waitedMs = (System.nanoTime() - started) / 1_000_000;
      if (status.getCode() == Status.Code.RESOURCE_EXHAUSTED && waitedMs < CLAIM_TIMEOUT_MS) {
        return Status.Code.INTERNAL; // refused before its deadline: a defect
      }
      return status.getCode();
    }
    String id = claim.getSandbox().getId();
    if (!heldNow.add(id) || !everServed.add(id)) {
      overlaps.incrementAndGet();
    }
    gateway
        .blocking()
        .exec(
            ExecRequest.newBuilder()
                .setSandbox(ref(claim))
                .setStart(ExecStart.newBuilder().addArgv("true"))
                .build())
        .forEachRemaining(e -> {});
    heldNow.remove(id);
    gateway.blocking().release(ReleaseRequest.newBuilder().setSandbox(ref(claim)).build());
    return Status.Code.OK;
  }
}

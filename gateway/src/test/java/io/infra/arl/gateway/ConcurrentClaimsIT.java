package io.infra.arl.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.infra.arl.api.gateway.v1.ClaimRequest;
import io.infra.arl.api.gateway.v1.ClaimResponse;
import io.infra.arl.api.gateway.v1.ClaimSpec;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * 200 concurrent claims against a pool of 10: each is served exactly once or refused with
 * RESOURCE_EXHAUSTED after its deadline, and no sandbox is ever held by two sessions at once, as
 * the sidecars themselves saw it: with release policy Delete every sandbox serves one lease; with
 * Reset a sandbox serves several, one after the other (each bound with a higher fencing token).
 */
class ConcurrentClaimsIT {
  private static final int CLAIMS = 200;
  private static final int CLAIM_TIMEOUT_MS = 1_500;

  @ParameterizedTest
  @ValueSource(strings = {"Delete", "Reset"})
  void everyClaimIsServedOnceOrRefusedAndNoSandboxIsShared(String releasePolicy) throws Exception {
    SidecarLedger ledger = new SidecarLedger();
    try (GatewayHarness gateway =
        GatewayHarness.start(
            10, Map.of("arl.pools.default.release-policy", releasePolicy), ledger)) {
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
      assertThat(served).isPositive();
      assertThat(ledger.servedLeases().keySet()).containsExactlyInAnyOrderElementsOf(everServed);
      // The sidecars' view: no lease bound twice, each bind fenced the previous holder off, and
      // only bound leases were served.
      ledger
          .binds()
          .forEach(
              (sandbox, leases) -> {
                assertThat(leases).as(sandbox).doesNotHaveDuplicates();
                assertThat(leases.stream().map(ConcurrentClaimsIT::token).toList())
                    .as(sandbox)
                    .isSorted();
                assertThat(ledger.servedLeases().getOrDefault(sandbox, Set.of()))
                    .isSubsetOf(leases);
              });
      if (releasePolicy.equals("Delete")) {
        assertThat(everServed).as("each served claim got its own sandbox").hasSize(served);
        ledger.binds().forEach((sandbox, leases) -> assertThat(leases).as(sandbox).hasSize(1));
      }
    }
  }

  private static long token(String leaseId) {
    return Long.parseLong(leaseId.substring(leaseId.lastIndexOf('#') + 1));
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
    if (!heldNow.add(id)) {
      overlaps.incrementAndGet();
    }
    everServed.add(id);
    gateway.exec(claim, ExecStart.newBuilder().addArgv("true")).forEachRemaining(e -> {});
    heldNow.remove(id);
    gateway.release(claim);
    return Status.Code.OK;
  }
}

package io.infra.arl.sidecar.fence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infra.arl.sidecar.failure.SidecarException;
import io.infra.arl.sidecar.failure.SidecarException.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class LeaseFenceTest {

  private final AtomicInteger kills = new AtomicInteger();
  private final List<String> events = new ArrayList<>();
  private final LeaseFence fence =
      new LeaseFence(
          () -> {
            kills.incrementAndGet();
            return 3;
          },
          new BindingListener() {
            @Override
            public void onBind(Binding binding) {
              events.add("bind " + binding.leaseId() + " " + binding.fencingToken());
            }

            @Override
            public void onUnbind(Binding binding) {
              events.add("unbind " + binding.leaseId() + " " + binding.fencingToken());
            }
          });

  @Test
  void unboundRefusesEveryCall() {
    assertRefused(() -> fence.admit("a", "1"), Kind.NOT_BOUND, "not bound");
  }

  @Test
  void admitsOnlyTheBoundLease() {
    fence.bind("a", 5);

    assertThat(fence.admit("a", "5").fencingToken()).isEqualTo(5);
    assertRefused(() -> fence.admit(null, "5"), Kind.MISSING_CREDENTIALS, "arl-lease-id");
    assertRefused(() -> fence.admit("a", null), Kind.MISSING_CREDENTIALS, "arl-fencing-token");
    assertRefused(() -> fence.admit("a", "five"), Kind.MISSING_CREDENTIALS, "\"five\"");
    assertRefused(() -> fence.admit("a", "-5"), Kind.MISSING_CREDENTIALS, "> 0");
    assertRefused(() -> fence.admit("a", "4"), Kind.LEASE_LOST, "arl-fencing-token: 4");
    assertRefused(() -> fence.admit("b", "5"), Kind.LEASE_MISMATCH, "do not match");
    assertRefused(() -> fence.admit("a", "6"), Kind.LEASE_MISMATCH, "do not match");
  }

  @Test
  void lowerTokenCannotBindAndHigherTokenCutsOffThePreviousHolder() {
    fence.bind("a", 5);

    assertRefused(() -> fence.bind("old", 4), Kind.LEASE_LOST, "fencing_token: 4 (expected: > 5");
    assertRefused(() -> fence.bind("other", 5), Kind.LEASE_LOST, "fencing_token: 5");
    BindOutcome outcome = fence.bind("b", 6);

    assertThat(outcome).isEqualTo(new BindOutcome(5, 3));
    assertThat(kills).hasValue(1);
    assertThat(events).containsExactly("bind a 5", "unbind a 5", "bind b 6");
    assertRefused(() -> fence.admit("a", "5"), Kind.LEASE_LOST, "higher token");
  }

  @Test
  void bindIsIdempotentForTheSameLeaseAndToken() {
    fence.bind("a", 5);

    assertThat(fence.bind("a", 5)).isEqualTo(new BindOutcome(5, 0));
    assertThat(kills).hasValue(0);
  }

  @Test
  void workOfACutOffHolderIsRefused() throws Exception {
    fence.bind("a", 5);
    Binding a = fence.admit("a", "5");
    fence.bind("b", 6);

    assertRefused(() -> fence.withCurrent(a, () -> "write"), Kind.LEASE_LOST, "no longer bound");
  }

  @Test
  void resetUnbindsAndTheHighestTokenNeverGoesDown() throws Exception {
    fence.bind("a", 5);
    Binding a = fence.admit("a", "5");

    assertThat(fence.reset(a, () -> "wiped")).isEqualTo("wiped");

    assertThat(fence.current()).isEmpty();
    assertRefused(() -> fence.admit("a", "5"), Kind.NOT_BOUND, "not bound");
    assertRefused(() -> fence.bind("a", 5), Kind.LEASE_LOST, "fencing_token: 5");
    assertRefused(() -> fence.bind("c", 4), Kind.LEASE_LOST, "fencing_token: 4");
    assertThat(fence.bind("c", 6)).isEqualTo(new BindOutcome(0, 0));
    assertThat(events).containsExactly("bind a 5", "unbind a 5", "bind c 6");
  }

  @Test
  void bindWithoutWaitingBindsAnUnboundFenceAndRefusesAsBindDoes() {
    assertThat(fence.bindWithoutWaiting("a", 5)).contains(new BindOutcome(0, 0));
    assertThat(fence.bindWithoutWaiting("a", 5)).contains(new BindOutcome(5, 0));
    assertRefused(() -> fence.bindWithoutWaiting("old", 4), Kind.LEASE_LOST, "fencing_token: 4");
    assertRefused(() -> fence.bindWithoutWaiting("a", 0), Kind.INVALID_ARGUMENT, "fencing_token");

    assertThat(fence.admit("a", "5").fencingToken()).isEqualTo(5);
    assertThat(events).containsExactly("bind a 5");
  }

  @Test
  void bindWithoutWaitingLeavesATakeoverToBind() {
    fence.bind("a", 5);

    assertThat(fence.bindWithoutWaiting("b", 6)).isEmpty();

    assertThat(kills).hasValue(0);
    assertThat(fence.admit("a", "5").fencingToken()).isEqualTo(5);
    assertThat(events).containsExactly("bind a 5");
  }

  @Test
  @Timeout(10) // a Bind that waited would hang here, not fail
  void bindWithoutWaitingDoesNotWaitForAnAdmittedCall() throws Exception {
    fence.bind("a", 5);
    Binding a = fence.admit("a", "5");
    CountDownLatch inCall = new CountDownLatch(1);
    CountDownLatch endCall = new CountDownLatch(1);
    Thread call =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    fence.withCurrent(
                        a,
                        () -> {
                          inCall.countDown();
                          awaitQuietly(endCall);
                          return null;
                        });
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                });
    inCall.await();

    // While a's call holds the fence, even a Bind that needs no cut-off must not wait.
    assertThat(fence.bindWithoutWaiting("a", 5)).isEmpty();

    endCall.countDown();
    call.join();
    assertThat(fence.bindWithoutWaiting("a", 5)).contains(new BindOutcome(5, 0));
  }

  @Test
  void bindWithoutWaitingCalledBackFromATakeoverLeavesItToBind() {
    List<Optional<BindOutcome>> calledBack = new ArrayList<>();
    LeaseFence[] self = new LeaseFence[1];
    self[0] =
        new LeaseFence(
            () -> 0,
            new BindingListener() {
              @Override
              public void onUnbind(Binding binding) {
                calledBack.add(self[0].bindWithoutWaiting("a", 5)); // a is half taken over
              }
            });
    self[0].bind("a", 5);

    self[0].bind("b", 6);

    assertThat(calledBack).containsExactly(Optional.empty());
    assertThat(self[0].current().orElseThrow().leaseId()).isEqualTo("b");
  }

  @Test
  void validatesBindArguments() {
    assertRefused(
        () -> fence.bind("a", 0), Kind.INVALID_ARGUMENT, "fencing_token: 0 (expected: > 0)");
    assertRefused(
        () -> fence.bind("", 1),
        Kind.INVALID_ARGUMENT,
        "lease_id: 0 bytes (expected: 1..256 bytes)");
    assertRefused(
        () -> fence.bind("x".repeat(257), 1),
        Kind.INVALID_ARGUMENT,
        "lease_id: 257 bytes (expected: 1..256 bytes)");
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void assertRefused(ThrowingCall call, Kind kind, String messagePart) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(SidecarException.class, e -> assertThat(e.kind()).isEqualTo(kind))
        .hasMessageContaining(messagePart);
  }

  private interface ThrowingCall {
    void run() throws Exception;
  }
}

package io.infra.arl.e2e.chaos;

import io.grpc.StatusRuntimeException;
import io.infra.arl.api.gateway.v1.ClaimResponse;
import io.infra.arl.api.gateway.v1.SandboxRef;
import io.infra.arl.e2e.GatewayClients;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One agent: claim through a random gateway, exec {@code true}, release; again, until the shared
 * budget of cycles is spent. Like a client behind a load balancer it skips gateways it cannot
 * connect to, and it pauses briefly after a failed cycle: a refused connection fails in
 * microseconds, and an agent retrying in a tight loop would spend the budget on a dead port instead
 * of measuring whether the stack keeps serving. What it held and when goes to {@link Spans} (per
 * pod, per fencing token: claim answered to exec finished) so that overlapping holds can be found
 * afterwards.
 */
final class ChaosAgent implements Runnable {
  private static final Duration CLAIM_WAIT = Duration.ofSeconds(5);
  private static final Duration PAUSE_AFTER_FAILURE = Duration.ofMillis(50);

  private final int id;
  private final GatewayClients gateways;
  private final String pool;
  private final AtomicInteger budget;
  private final CycleTally tally;
  private final Spans holds;
  private final Map<Integer, Holding> holdings;

  ChaosAgent(
      int id,
      GatewayClients gateways,
      String pool,
      AtomicInteger budget,
      CycleTally tally,
      Spans holds,
      Map<Integer, Holding> holdings) {
    this.id = id;
    this.gateways = gateways;
    this.pool = pool;
    this.budget = budget;
    this.tally = tally;
    this.holds = holds;
    this.holdings = holdings;
  }

  @Override
  public void run() {
    try {
      while (budget.getAndDecrement() > 0 && !Thread.currentThread().isInterrupted()) {
        if (!cycle(gateways.pickReachable())) {
          Thread.sleep(PAUSE_AFTER_FAILURE);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One cycle; whether it completed. */
  private boolean cycle(int gateway) {
    String phase = "claim";
    SandboxRef held = null;
    try {
      ClaimResponse claim = gateways.claim(gateway, pool, CLAIM_WAIT);
      long claimedAt = System.nanoTime();
      tally.claimed();
      String sandbox = claim.getSandbox().getId();
      long token = claim.getSandbox().getFencingToken();
      holdings.put(id, new Holding(gateway, sandbox, token));
      SandboxRef ref = GatewayClients.ref(claim);
      held = ref;
      phase = "exec";
      Integer exit = gateways.exec(gateway, ref, "true").exitCode();
      if (exit == null || exit != 0) {
        tally.failed(phase, "exit code " + exit);
        return false; // released in finally
      }
      holds.add(pod(sandbox), Long.toString(token), claimedAt, System.nanoTime());
      phase = "release";
      held = null;
      gateways.release(gateway, ref);
      tally.completedThrough(gateway);
      return true;
    } catch (StatusRuntimeException e) {
      tally.failed(phase, e.getStatus().getCode());
      return false;
    } finally {
      holdings.remove(id);
      if (held != null) {
        releaseQuietly(gateway, held);
      }
    }
  }

  /** A careful agent gives back what it no longer uses, even after an error. */
  private void releaseQuietly(int gateway, SandboxRef sandbox) {
    try {
      gateways.release(gateway, sandbox);
    } catch (StatusRuntimeException e) {
      // The gateway is gone or the sandbox with it: its lease expires and the pod is reaped.
    }
  }

  /** The pod name of a sandbox id {@code <namespace>.<pod>}. */
  static String pod(String sandboxId) {
    return sandboxId.substring(sandboxId.indexOf('.') + 1);
  }
}

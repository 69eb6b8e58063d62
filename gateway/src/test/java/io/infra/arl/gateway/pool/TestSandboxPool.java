package io.infra.arl.gateway.pool;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A pool whose sandboxes a test hands in ({@link #offer}): it claims from them as the real pools do
 * (random sample, taken out when won) and never loses one, since a released or discarded sandbox is
 * offered again.
 */
public final class TestSandboxPool implements SandboxPool {
  private final String name;
  private final ReadySet<SandboxTarget> ready = new ReadySet<>(SandboxTarget::id);
  private final ConcurrentHashMap<String, SandboxTarget> taken = new ConcurrentHashMap<>();
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  public TestSandboxPool(String name) {
    this.name = name;
  }

  /** Makes sandboxes ready and tells the waiting claims. */
  public void offer(SandboxTarget... sandboxes) {
    for (SandboxTarget sandbox : sandboxes) {
      taken.remove(sandbox.id());
      ready.put(sandbox);
    }
    listeners.forEach(Runnable::run);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Duration defaultIdleTimeout() {
    return Duration.ofMinutes(5);
  }

  @Override
  public Duration defaultTtl() {
    return Duration.ofHours(1);
  }

  @Override
  public List<SandboxTarget> candidates(int max) {
    return ready.sample(max, ThreadLocalRandom.current());
  }

  @Override
  public Optional<SandboxTarget> claimed(String sandboxId) {
    SandboxTarget won = ready.remove(sandboxId);
    if (won != null) {
      taken.put(sandboxId, won);
    }
    return Optional.ofNullable(won);
  }

  @Override
  public void release(SandboxTarget target, Runnable reset, Runnable done) {
    done.run();
    offer(target);
  }

  @Override
  public void discard(SandboxTarget target) {
    offer(target);
  }

  @Override
  public void onReady(Runnable listener) {
    listeners.add(listener);
  }

  @Override
  public PoolStats stats() {
    return new PoolStats(name, ready.size() + taken.size(), ready.size(), taken.size(), 0);
  }
}

package io.infra.arl.gateway.api;

import io.grpc.Context;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs handler work that may block (lease-store round trips: claim, renew, release, session end) on
 * virtual threads, because the agent-facing gRPC server calls its handlers directly on its event
 * loop ({@link DirectServerExecutor}). The caller's gRPC context (tenant, cancellation) goes along.
 */
@Singleton
public class BlockingWork implements AutoCloseable {
  private final ExecutorService executor =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("gateway-blocking-", 0).factory());

  /** Runs {@code task} soon on another thread, in the current gRPC context. */
  public void run(Runnable task) {
    executor.execute(Context.current().wrap(task));
  }

  @PreDestroy
  @Override
  public void close() {
    executor.shutdownNow();
  }
}

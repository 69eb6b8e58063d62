package io.infra.arl.sidecar.rpc;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Threads shared by every sidecar server of the JVM (the gateway's local mode runs many): one small
 * Netty event loop group, one virtual-thread executor for calls, one timer thread. All are created
 * on first use, are daemon threads, and live as long as the JVM.
 */
public final class SharedTransport {

  private SharedTransport() {}

  /** The event loop group for accepting and for connections. */
  public static EventLoopGroup eventLoops() {
    return Loops.GROUP;
  }

  /**
   * The executor for call callbacks. Handlers block on file and process I/O, so each callback runs
   * on a virtual thread; grpc-java serialises the callbacks of one call.
   */
  public static ExecutorService callExecutor() {
    return Calls.EXECUTOR;
  }

  /** A single timer thread for keep-alives; its tasks must never block. */
  public static ScheduledExecutorService timer() {
    return Timer.TIMER;
  }

  private static final class Loops {
    // Two loops keep the other core free for processes; a pod's sidecar serves one gateway.
    static final EventLoopGroup GROUP =
        new MultiThreadIoEventLoopGroup(
            Math.min(2, Runtime.getRuntime().availableProcessors()),
            new DefaultThreadFactory("arl-sidecar-io", true),
            NioIoHandler.newFactory());
  }

  private static final class Calls {
    static final ExecutorService EXECUTOR =
        Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("arl-sidecar-call-", 0).factory());
  }

  private static final class Timer {
    static final ScheduledExecutorService TIMER =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "arl-sidecar-timer");
              thread.setDaemon(true);
              return thread;
            });
  }
}

package io.infra.arl.sidecar.exec;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.infra.arl.api.sidecar.v1.ExecEvent;
import io.infra.arl.api.sidecar.v1.KeepAlive;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The outbound side of one exec stream, shared by the stdout and stderr pumps, the keep-alive timer
 * and the exit watcher. The observer is not thread-safe, so every call to it happens under one
 * lock; output waits (off the gRPC threads) until the transport is ready, which is how a slow
 * client slows the process down instead of growing the sidecar's memory.
 */
final class ExecEventSink {

  private static final ExecEvent KEEP_ALIVE =
      ExecEvent.newBuilder().setKeepAlive(KeepAlive.getDefaultInstance()).build();

  private final ServerCallStreamObserver<ExecEvent> out;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition ready = lock.newCondition();
  private boolean closed;
  private long lastSentNanos = System.nanoTime();

  ExecEventSink(ServerCallStreamObserver<ExecEvent> out) {
    this.out = out;
  }

  /** The onReady handler: wakes the pumps parked in {@link #sendWhenReady}. */
  void onReady() {
    lock.lock();
    try {
      ready.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until the transport is ready, then sends. Never call it on a gRPC callback thread: the
   * onReady that wakes it runs there.
   *
   * @return false when the stream is closed (the event was dropped)
   */
  boolean sendWhenReady(ExecEvent event) {
    lock.lock();
    try {
      // Checked under the lock that onReady takes, so a readiness change cannot slip between the
      // check and the wait and leave the pump parked forever.
      while (!closed && !out.isReady()) {
        ready.await();
      }
      return send(event);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Sends at once, ready or not: only for the single small started event, which must not wait on
   * the gRPC thread that sends it.
   *
   * @return false when the stream is closed
   */
  boolean sendNow(ExecEvent event) {
    lock.lock();
    try {
      return send(event);
    } finally {
      lock.unlock();
    }
  }

  /** Sends the last event and completes the stream. */
  void complete(ExecEvent last) {
    lock.lock();
    try {
      if (send(last)) {
        closed = true;
        out.onCompleted();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Ends the stream with an error status (no-op when already closed). */
  void fail(Status status) {
    lock.lock();
    try {
      if (!closed) {
        closed = true;
        ready.signalAll();
        out.onError(status.asRuntimeException());
      }
    } finally {
      lock.unlock();
    }
  }

  /** The client went away: drop everything from now on. */
  void cancelled() {
    lock.lock();
    try {
      closed = true;
      ready.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Sends a keep-alive when nothing was sent for {@code intervalNanos}. Never blocks: it runs on
   * the shared timer thread.
   *
   * @return nanoseconds until the next check, or -1 when the stream is closed
   */
  long keepAliveIfQuiet(long intervalNanos) {
    if (!lock.tryLock()) {
      return intervalNanos; // A pump is sending right now: the stream is not quiet.
    }
    try {
      if (closed) {
        return -1;
      }
      long quiet = System.nanoTime() - lastSentNanos;
      if (quiet < intervalNanos) {
        return intervalNanos - quiet;
      }
      // Not ready means output is queued: the peer will hear from us without a keep-alive.
      if (out.isReady()) {
        send(KEEP_ALIVE);
      }
      return intervalNanos;
    } finally {
      lock.unlock();
    }
  }

  private boolean send(ExecEvent event) {
    if (closed) {
      return false;
    }
    try {
      out.onNext(event);
      lastSentNanos = System.nanoTime();
      return true;
    } catch (RuntimeException e) {
      // The call was cancelled under us.
      closed = true;
      ready.signalAll();
      return false;
    }
  }
}

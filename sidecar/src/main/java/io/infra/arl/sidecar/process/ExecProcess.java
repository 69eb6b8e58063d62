package io.infra.arl.sidecar.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running exec: a leader process started by {@code setsid} (so its pid is also its process
 * group id) and everything it spawns. Rules (ADR 0003):
 *
 * <ul>
 *   <li>stdout and stderr are pumped on two virtual threads in chunks of at most {@value #CHUNK}
 *       bytes, each handed over as soon as it is read; {@link ExecOutput} blocks while its reader
 *       is not ready, so the pipe fills and the process blocks: memory stays bounded;
 *   <li>the exec ends when its leader exits; what is left of it (background jobs, re-parented
 *       grandchildren, processes carrying its marker) is killed with SIGKILL;
 *   <li>the timeout kills the whole group with SIGKILL and reports {@code timedOut};
 *   <li>a stream that ends first kills the group unless the exec is detached.
 * </ul>
 */
public final class ExecProcess {

  /** Largest output chunk. */
  public static final int CHUNK = 32 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(ExecProcess.class);
  // After the leader exits, output still in flight gets this long before leftovers are killed.
  private static final Duration LINGER = Duration.ofMillis(50);
  // After leftovers were killed, how long a pipe held open by an escaped process is waited for.
  private static final Duration DRAIN_LIMIT = Duration.ofSeconds(5);

  private final ProcessTable table;
  private final ExecSpec spec;
  private final Process process;
  private final String marker;
  private final long startedAfterTicks;
  private final long startNanos;
  private final CountDownLatch pumps = new CountDownLatch(2);

  ExecProcess(
      ProcessTable table, ExecSpec spec, Process process, String marker, long startedAfterTicks) {
    this.table = table;
    this.spec = spec;
    this.process = process;
    this.marker = marker;
    this.startedAfterTicks = startedAfterTicks;
    this.startNanos = System.nanoTime();
  }

  /** Whether the leader process is still running. */
  boolean alive() {
    return process.isAlive();
  }

  /** The leader's pid, which is also the exec's process group id. */
  public long pid() {
    return process.pid();
  }

  /** What was asked for. */
  public ExecSpec spec() {
    return spec;
  }

  String marker() {
    return marker;
  }

  long startedAfterTicks() {
    return startedAfterTicks;
  }

  /**
   * Starts pumping output to {@code output} and watching for the exit. Called once, after the
   * caller announced the start (so no output can overtake that announcement).
   */
  public void begin(ExecOutput output) {
    Thread.ofVirtual()
        .name("arl-exec-stdout-" + pid())
        .start(() -> pump(process.getInputStream(), output, true));
    Thread.ofVirtual()
        .name("arl-exec-stderr-" + pid())
        .start(() -> pump(process.getErrorStream(), output, false));
    Thread.ofVirtual().name("arl-exec-wait-" + pid()).start(() -> await(output));
  }

  /**
   * Writes to the process's stdin, blocking while its pipe is full.
   *
   * @throws IOException when stdin is closed or the process is gone
   */
  public void writeStdin(byte[] data) throws IOException {
    OutputStream stdin = process.getOutputStream();
    stdin.write(data);
    stdin.flush();
  }

  /** Closes stdin: the process reads end-of-file. */
  public void closeStdin() {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // Already closed, or the process is gone: either way it reads end-of-file.
    }
  }

  /**
   * Sends a signal to the exec's process group.
   *
   * @return false when the group no longer exists
   */
  public boolean signal(int signal) {
    return table.signal(this, signal);
  }

  /** The exec's stream ended before the process: kill it unless it is detached. */
  public void streamClosed() {
    if (!spec.detached() && process.isAlive()) {
      kill();
    }
  }

  /**
   * Kills the whole exec with SIGKILL.
   *
   * @return how many processes were killed
   */
  public int kill() {
    return table.kill(this, true);
  }

  private void pump(InputStream in, ExecOutput output, boolean stdout) {
    byte[] buffer = new byte[CHUNK];
    boolean listening = true;
    try (in) {
      int read;
      while ((read = in.read(buffer)) >= 0) {
        if (listening && read > 0) {
          listening = stdout ? output.stdout(buffer, read) : output.stderr(buffer, read);
        }
      }
    } catch (IOException e) {
      // The pipe was closed under us: the process is gone.
    } finally {
      pumps.countDown();
    }
  }

  private void await(ExecOutput output) {
    try {
      boolean timedOut = !process.waitFor(spec.timeout().toNanos(), TimeUnit.NANOSECONDS);
      if (timedOut) {
        kill();
      }
      int exitValue = process.waitFor();
      if (!pumps.await(LINGER.toNanos(), TimeUnit.NANOSECONDS)) {
        // A background process holds the pipes open: it dies with its leader.
        table.kill(this, false);
        if (!pumps.await(DRAIN_LIMIT.toNanos(), TimeUnit.NANOSECONDS)) {
          LOG.warn("Abandoned exec output pid={} reason=pipe-held-open", pid());
        }
      }
      Duration duration = Duration.ofNanos(System.nanoTime() - startNanos);
      ExitStatus status = ExitStatus.of(exitValue, duration, timedOut);
      LOG.debug(
          "Finished exec pid={} exit_code={} timed_out={} duration_ms={}",
          pid(),
          exitValue,
          timedOut,
          duration.toMillis());
      output.exited(status);
      table.kill(this, false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      table.finished(this);
    }
  }
}

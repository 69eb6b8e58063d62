package io.infra.arl.sidecar.process;

import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a signal to whole process groups with {@code kill -s N -- -PGID}: the JDK can only send
 * SIGTERM or SIGKILL, and only to single processes, while {@code kill(-pgid)} reaches every member
 * of a group in one atomic step (no member can fork past it).
 */
final class GroupSignaller {

  private static final Logger LOG = LoggerFactory.getLogger(GroupSignaller.class);
  private static final long WAIT_SECONDS = 5;

  private final Path kill;

  GroupSignaller(Path kill) {
    this.kill = kill;
  }

  /**
   * Signals every process of the given groups.
   *
   * @param groups process group ids
   * @param signal the signal number
   * @return true when at least one group existed and was signalled
   */
  boolean signal(Collection<Long> groups, int signal) {
    if (groups.isEmpty()) {
      return false;
    }
    List<String> targets = new ArrayList<>(groups.size());
    groups.forEach(group -> targets.add("-" + group));
    return run(targets, signal) || groups.size() > 1;
  }

  /**
   * Signals one process (not its group).
   *
   * @return true when it existed and was signalled
   */
  boolean signalProcess(long pid, int signal) {
    return run(List.of(Long.toString(pid)), signal);
  }

  /** Runs {@code kill -s signal -- targets...}; true when kill reached every target. */
  private boolean run(List<String> targets, int signal) {
    List<String> command =
        new ArrayList<>(List.of(kill.toString(), "-s", Integer.toString(signal), "--"));
    command.addAll(targets);
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectInput(Redirect.from(new File("/dev/null")))
              .redirectOutput(Redirect.DISCARD)
              .redirectError(Redirect.DISCARD)
              .start();
      if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return false;
      }
      // kill exits non-zero when one of the targets is gone; callers decide what that means.
      return process.exitValue() == 0;
    } catch (IOException e) {
      LOG.warn("Failed to run kill targets={} signal={} error={}", targets, signal, e.toString());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}

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
    List<String> command =
        new ArrayList<>(List.of(kill.toString(), "-s", Integer.toString(signal), "--"));
    for (long group : groups) {
      command.add("-" + group);
    }
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
      // kill exits non-zero when one of the groups is gone, which is fine for the others.
      return process.exitValue() == 0 || groups.size() > 1;
    } catch (IOException e) {
      LOG.warn("Failed to run kill groups={} signal={} error={}", groups, signal, e.toString());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}

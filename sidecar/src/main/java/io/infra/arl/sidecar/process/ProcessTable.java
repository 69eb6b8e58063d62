package io.infra.arl.sidecar.process;

import static io.infra.arl.sidecar.failure.SidecarException.quote;

import io.infra.arl.sidecar.failure.SidecarException;
import io.infra.arl.sidecar.failure.SidecarException.Kind;
import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The execs of one sidecar: starts them (each in its own session and process group, marked with
 * {@value ProcessSweeper#MARKER_VARIABLE}), enforces the concurrent exec limit, and kills them one
 * by one or all at once (reset, re-bind, shutdown) together with anything they left behind.
 */
public final class ProcessTable {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessTable.class);
  private static final int SIGKILL = 9;

  private final int maxExecs;
  private final String instance;
  private final Path setsid;
  private final GroupSignaller signaller;
  private final ProcessSweeper sweeper;
  private final long createdAfterTicks;
  private final AtomicLong sequence = new AtomicLong();
  // Whether an exec may have left a process since the last complete sweep: a reset or shutdown of
  // a sidecar that ran nothing since then skips reading every process's /proc entries.
  private final AtomicBoolean mayHaveProcesses = new AtomicBoolean();
  private final List<ExecProcess> running = new ArrayList<>();
  private int starting;
  private boolean closed;

  private ProcessTable(
      int maxExecs,
      String instance,
      Path setsid,
      GroupSignaller signaller,
      ProcessSweeper sweeper) {
    this.maxExecs = maxExecs;
    this.instance = instance;
    this.setsid = setsid;
    this.signaller = signaller;
    this.sweeper = sweeper;
    this.createdAfterTicks = sweeper.nowTicks();
  }

  /**
   * Creates a table with a fresh random instance id (so several sidecars in one JVM never kill each
   * other's processes).
   *
   * @param maxExecs the most execs running at once
   * @throws IllegalStateException when {@code setsid} or {@code kill} is not on PATH
   */
  public static ProcessTable create(int maxExecs) {
    String instance = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    return new ProcessTable(
        maxExecs,
        instance,
        ProgramPath.require("setsid"),
        new GroupSignaller(ProgramPath.require("kill")),
        new ProcessSweeper(Path.of("/proc")));
  }

  /** This table's id, the first part of every exec marker. */
  public String instance() {
    return instance;
  }

  /**
   * Starts a process. Its output is not read until {@link ExecProcess#begin} is called.
   *
   * @param spec what to run
   * @param directory its physical working directory, already confined
   * @return the running exec
   * @throws SidecarException LIMIT_EXCEEDED at the concurrent exec limit, INVALID_ARGUMENT when the
   *     program does not exist, WRONG_STATE when it cannot be started, SHUTTING_DOWN
   */
  public ExecProcess start(ExecSpec spec, Path directory) {
    reserve();
    ExecProcess exec = null;
    try {
      exec = spawn(spec, directory);
      return exec;
    } finally {
      admit(exec);
    }
  }

  /** How many execs are running. */
  public synchronized int running() {
    return running.size();
  }

  /**
   * Kills every exec, detached ones too, and every process carrying this table's marker.
   *
   * @return how many processes were killed
   */
  public int killAll() {
    List<Long> groups;
    boolean noneStarting;
    synchronized (this) {
      groups = running.stream().map(ExecProcess::pid).toList();
      noneStarting = starting == 0;
    }
    // Cleared before the sweep: an exec started during it sets the flag again (after its process
    // exists) for the next one.
    if (!mayHaveProcesses.getAndSet(false) && groups.isEmpty() && noneStarting) {
      return 0;
    }
    var target = new ProcessSweeper.Target(groups, markerPrefix(), true, createdAfterTicks);
    Set<Long> alive = sweeper.find(target);
    if (alive.isEmpty()) {
      return 0;
    }
    signaller.signal(groups, SIGKILL);
    int killed = Math.max(alive.size(), sweeper.kill(target));
    // Conservative: a sweep that had to kill is repeated by the next reset even if it gave up.
    mayHaveProcesses.set(true);
    LOG.info("Killed processes instance={} execs={} processes={}", instance, groups.size(), killed);
    return killed;
  }

  /**
   * Refuses new execs and kills every running one.
   *
   * @return how many processes were killed
   */
  public int shutdown() {
    synchronized (this) {
      closed = true;
    }
    return killAll();
  }

  boolean signal(ExecProcess exec, int signal) {
    if (signaller.signal(List.of(exec.pid()), signal)) {
      return true;
    }
    // Right after the fork the leader has not called setsid yet, so its group does not exist:
    // the signal goes to the leader itself. Not to the group again as well: a process must not
    // get one signal twice. Children it forks in the meantime are killed with the group when the
    // leader ends, as always. (Its pid cannot be reused while the JDK has not reaped it.)
    return exec.alive() && signaller.signalProcess(exec.pid(), signal);
  }

  int kill(ExecProcess exec, boolean groupFirst) {
    var target =
        new ProcessSweeper.Target(
            List.of(exec.pid()),
            ProcessSweeper.MARKER_VARIABLE + "=" + exec.marker(),
            false,
            exec.startedAfterTicks());
    if (groupFirst) {
      // One atomic kill(-pgid) first, so no member can fork past the sweep.
      signaller.signal(List.of(exec.pid()), SIGKILL);
    }
    return sweeper.kill(target);
  }

  synchronized void finished(ExecProcess exec) {
    running.remove(exec);
  }

  private synchronized void reserve() {
    if (closed) {
      throw new SidecarException(Kind.SHUTTING_DOWN, "the sidecar is shutting down");
    }
    if (running.size() + starting >= maxExecs) {
      throw SidecarException.of(
          Kind.LIMIT_EXCEEDED,
          "execs",
          (running.size() + starting) + " running",
          "at most " + maxExecs + " at once");
    }
    starting++;
  }

  private void admit(ExecProcess exec) {
    boolean refused;
    synchronized (this) {
      starting--;
      refused = closed;
      if (exec != null && !refused) {
        running.add(exec);
      }
    }
    if (exec != null && refused) {
      kill(exec, true);
      throw new SidecarException(Kind.SHUTTING_DOWN, "the sidecar is shutting down");
    }
  }

  private ExecProcess spawn(ExecSpec spec, Path directory) {
    String program = spec.command().getFirst();
    String path = spec.environment().getOrDefault("PATH", System.getenv("PATH"));
    if (ProgramPath.find(program, path, directory).isEmpty()) {
      throw SidecarException.invalid(
          "argv[0]", quote(program), "a program on PATH or a path to an executable file");
    }
    String marker = instance + "." + sequence.incrementAndGet();
    List<String> command = new ArrayList<>(spec.command().size() + 1);
    command.add(setsid.toString());
    command.addAll(spec.command());
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
    builder.environment().putAll(spec.environment());
    builder.environment().put(ProcessSweeper.MARKER_VARIABLE, marker);
    if (!spec.stdin()) {
      builder.redirectInput(Redirect.from(new File("/dev/null")));
    }
    long startedAfter = sweeper.nowTicks();
    mayHaveProcesses.set(true);
    try {
      Process process = builder.start();
      mayHaveProcesses.set(true); // again: a sweep may have cleared it while the fork ran
      LOG.debug(
          "Started exec pid={} tag={} detached={} marker={}",
          process.pid(),
          quote(spec.tag()),
          spec.detached(),
          marker);
      return new ExecProcess(this, spec, process, marker, startedAfter);
    } catch (IOException e) {
      throw new SidecarException(
          Kind.WRONG_STATE, "exec: the process could not be started (" + e.getMessage() + ")");
    }
  }

  private String markerPrefix() {
    return ProcessSweeper.MARKER_VARIABLE + "=" + instance + ".";
  }
}

package io.infra.arl.loadtest.report;

/**
 * Watches the host's steal (see {@link CpuTimes}) while a scenario runs, and notes it under the
 * scenario's section.
 */
public final class StealWatch {
  private final CpuTimes started; // null: /proc/stat could not be read

  private StealWatch(CpuTimes started) {
    this.started = started;
  }

  /** Starts watching now. */
  public static StealWatch start() {
    return new StealWatch(CpuTimes.read().orElse(null));
  }

  /** {@code result} with a note of the steal since {@link #start()}, where it could be read. */
  public ScenarioResult noted(ScenarioResult result) {
    if (started == null) {
      return result;
    }
    return CpuTimes.read().map(now -> result.withNote(now.stealNoteSince(started))).orElse(result);
  }
}

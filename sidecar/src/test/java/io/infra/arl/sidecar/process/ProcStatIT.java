package io.infra.arl.sidecar.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@link ProcStat} on the real {@code /proc}. */
class ProcStatIT {

  @Test
  void readsThisJvmsOwnStatAndAGoneProcessIsNull() {
    byte[] buffer = new byte[ProcStat.BUFFER_BYTES];
    long self = ProcessHandle.current().pid();

    ProcStat stat = ProcStat.read(Path.of("/proc", Long.toString(self), "stat"), buffer);

    assertThat(stat).isNotNull();
    assertThat(stat.finished()).isFalse();
    assertThat(stat.startTicks()).isPositive();
    assertThat(ProcStat.read(Path.of("/proc/0/stat"), buffer)).isNull();
  }
}

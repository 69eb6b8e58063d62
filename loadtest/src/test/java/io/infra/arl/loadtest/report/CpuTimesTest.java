package io.infra.arl.loadtest.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CpuTimesTest {

  @Test
  void readsTotalAndStealFromTheCpuLine() {
    // user nice system idle iowait irq softirq steal guest guest_nice
    assertThat(CpuTimes.parse("cpu  100 0 50 800 10 0 5 35 0 0")).contains(new CpuTimes(1000, 35));
  }

  @Test
  void theStealShareIsTheStolenPartOfTheTimeBetweenTwoReadings() {
    CpuTimes before = new CpuTimes(1000, 35);
    CpuTimes after = new CpuTimes(1400, 75);

    assertThat(after.stealShareSince(before)).isEqualTo(0.1);
    assertThat(after.stealNoteSince(before))
        .startsWith("Host steal while this scenario ran: 10.0%");
    assertThat(before.stealShareSince(before)).isZero();
  }

  @Test
  void aLineWithoutStealOrWithGarbageIsNotRead() {
    assertThat(CpuTimes.parse("cpu  100 0 50 800")).isEmpty();
    assertThat(CpuTimes.parse("cpu  100 0 50 800 10 0 5 x")).isEmpty();
  }

  @Test
  void thisMachinesTimesAreReadWhereThereIsProcStat() {
    assumeTrue(Files.isReadable(Path.of("/proc/stat")), "no /proc/stat here");
    assertThat(CpuTimes.read()).hasValueSatisfying(t -> assertThat(t.total()).isPositive());
  }
}

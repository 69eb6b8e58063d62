package io.infra.arl.loadtest.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class JitWarmUpTest {

  @Test
  void addsEachCompilerThreadsTimeDuringTheSlice() {
    Map<Long, Long> before = Map.of(7L, 1_000L, 8L, 5_000L);
    Map<Long, Long> after = Map.of(7L, 1_150L, 8L, 5_050L, 9L, 100L);

    assertThat(JitWarmUp.busiestShare(before, after, 2_000)).isEqualTo(0.15);
  }

  @Test
  void aCompilerThreadThatEndedMeansStillCompiling() {
    Map<Long, Long> before = Map.of(7L, 1_000L, 8L, 5_000L);
    Map<Long, Long> after = Map.of(7L, 1_000L);

    assertThat(JitWarmUp.busiestShare(before, after, 2_000)).isEqualTo(1.0);
  }
}

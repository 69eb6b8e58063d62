package io.infra.arl.loadtest.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class JitCompilersTest {

  @Test
  void readsUserPlusSystemTicksAfterANameWithSpacesAndParentheses() {
    String stat = "4242 (C2 Compiler (x)) S 1 2 3 0 -1 4194368 10 0 0 0 734 25 0 0 20 0 1 0 99 0 0";

    assertThat(JitCompilers.cpuTicks(stat)).isEqualTo(759);
  }

  @Test
  void knowsHotSpotsCompilerThreadsByTheirTruncatedNames() {
    assertThat(JitCompilers.isCompiler("C2 CompilerThre")).isTrue();
    assertThat(JitCompilers.isCompiler("C1 CompilerThre")).isTrue();
    assertThat(JitCompilers.isCompiler("GC Thread#0")).isFalse();
    assertThat(JitCompilers.isCompiler("java")).isFalse();
  }

  @Test
  void findsTheCompilerThreadsOfThisJvm() {
    assertThat(JitCompilers.cpuMillis(ProcessHandle.current().pid()))
        .isNotEmpty()
        .allSatisfy((thread, millis) -> assertThat(millis).isNotNegative());
  }

  @Test
  void aProcessThatIsGoneIsAnError() {
    assertThatThrownBy(() -> JitCompilers.cpuMillis(Integer.MAX_VALUE))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("threads of process " + Integer.MAX_VALUE);
  }
}

package io.infra.arl.sidecar.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExitStatusTest {

  @ParameterizedTest
  @CsvSource({
    "0, 0", // success
    "1, 0", "127, 0", // command not found
    "128, 0", "129, 1", // SIGHUP
    "130, 2", // SIGINT
    "137, 9", // SIGKILL: also what exit(137) looks like (documented ambiguity)
    "143, 15", // SIGTERM
    "139, 11", // SIGSEGV: reported as a number even though the proto enum has no name for it
    "192, 64", // highest real-time signal
    "193, 0", "255, 0"
  })
  void mapsExitValuesAbove128ToSignals(int exitValue, int signal) {
    ExitStatus status = ExitStatus.of(exitValue, Duration.ofMillis(5), false);

    assertThat(status.exitCode()).isEqualTo(exitValue);
    assertThat(status.signal()).isEqualTo(signal);
  }
}

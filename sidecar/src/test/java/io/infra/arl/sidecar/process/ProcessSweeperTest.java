package io.infra.arl.sidecar.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProcessSweeperTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "PATH=/bin;ARL_EXEC_ID=ab.1;HOME=/ | ARL_EXEC_ID=ab.1; | true",
        "ARL_EXEC_ID=ab.1 | ARL_EXEC_ID=ab.1; | true",
        "PATH=/bin;ARL_EXEC_ID=ab.12 | ARL_EXEC_ID=ab.1; | false",
        "PATH=/bin;X_ARL_EXEC_ID=ab.1 | ARL_EXEC_ID=ab.1; | false",
        "PATH=/bin;ARL_EXEC_ID=ab.12 | ARL_EXEC_ID=ab. | true",
        "PATH=/bin;ARL_EXEC_ID=abc.12 | ARL_EXEC_ID=ab. | false",
        "PATH=/bin | ARL_EXEC_ID=ab. | false"
      })
  void matchesWholeEntriesOrPrefixes(String environment, String wanted, boolean matches) {
    byte[] env = environment.replace(';', '\0').getBytes(StandardCharsets.UTF_8);
    byte[] marker = wanted.replace(';', '\0').getBytes(StandardCharsets.UTF_8);

    assertThat(ProcessSweeper.hasEntry(env, marker)).isEqualTo(matches);
  }
}

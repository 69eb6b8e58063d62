package io.infra.arl.sidecar.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProcStatTest {
  private static final String LINE =
      "4242 (sle) ep (x)) S 1 4240 4240 0 -1 4194560 110 0 0 0 0 0 0 0 20 0 1 0 987654 2256896"
          + " 256 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";

  @Test
  void parsesStateGroupAndStartTimeAfterACommandNameWithSpacesAndParentheses() {
    byte[] bytes = LINE.getBytes(StandardCharsets.US_ASCII);

    assertThat(ProcStat.parse(bytes, bytes.length)).isEqualTo(new ProcStat('S', 4240, 987654));
  }

  @Test
  void zombiesAreFinished() {
    byte[] bytes = LINE.replace(")) S ", ")) Z ").getBytes(StandardCharsets.US_ASCII);

    assertThat(ProcStat.parse(bytes, bytes.length).finished()).isTrue();
  }

  @Test
  void aLineCutBeforeTheStartTimeOrWithoutCommandIsRejected() {
    byte[] bytes = LINE.getBytes(StandardCharsets.US_ASCII);

    assertThat(ProcStat.parse(bytes, LINE.indexOf("987654"))).isNull();
    byte[] noCommand = "4242 S 1 4240".getBytes(StandardCharsets.US_ASCII);
    assertThat(ProcStat.parse(noCommand, noCommand.length)).isNull();
  }
}

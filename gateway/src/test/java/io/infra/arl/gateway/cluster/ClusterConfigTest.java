package io.infra.arl.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterConfigTest {

  @Test
  void aNegativeResetClaimWriteDelayIsRefusedByName() {
    assertThatThrownBy(
            () -> new ClusterConfig(List.of("default"), null, true, Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "arl.kubernetes.reset-claim-write-delay: PT-0.001S (expected: >= 0, e.g. 1s; 0 writes"
                + " every claim at once)");
  }

  @Test
  void zeroIsAValidDelay() {
    assertThat(
            new ClusterConfig(List.of("default"), null, true, Duration.ZERO).resetClaimWriteDelay())
        .isZero();
  }
}

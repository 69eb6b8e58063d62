package io.infra.arl.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infra.arl.kube.SandboxIds.PodRef;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SandboxIdsTest {

  @ParameterizedTest
  @CsvSource({
    "default, python-pool-x7k2q, default.python-pool-x7k2q",
    "team-a, pool.with.dots-abcde, team-a.pool.with.dots-abcde",
  })
  void idRoundTripsThroughParse(String namespace, String pod, String id) {
    assertThat(SandboxIds.of(namespace, pod)).isEqualTo(id);
    assertThat(SandboxIds.parse(id)).contains(new PodRef(namespace, pod));
  }

  @ParameterizedTest
  @CsvSource(
      value = {"nodot", ".leading", "trailing.", "''", "NULL"},
      nullValues = "NULL")
  void malformedIdsParseToEmpty(String id) {
    assertThat(SandboxIds.parse(id)).isEqualTo(Optional.empty());
  }

  @ParameterizedTest
  @CsvSource(
      value = {"'', pod, namespace", "a.b, pod, namespace", "ns, '', name", "NULL, pod, namespace"},
      nullValues = "NULL")
  void badPartsAreRefusedNamingThem(String namespace, String pod, String field) {
    assertThatThrownBy(() -> SandboxIds.of(namespace, pod))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(field + ": ");
  }

  @ParameterizedTest
  @CsvSource({"default.pool-abcde, 17, default.pool-abcde#17"})
  void leaseIdAppendsTheToken(String id, long token, String leaseId) {
    assertThat(SandboxIds.leaseId(id, token)).isEqualTo(leaseId);
  }
}

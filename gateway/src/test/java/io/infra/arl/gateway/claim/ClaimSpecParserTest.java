package io.infra.arl.gateway.claim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infra.arl.gateway.failure.Failure;
import io.infra.arl.gateway.failure.GatewayException;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ClaimSpecParserTest {

  static io.infra.arl.api.gateway.v1.ClaimSpec.Builder spec() {
    return io.infra.arl.api.gateway.v1.ClaimSpec.newBuilder().setPool("default");
  }

  static Stream<Arguments> badSpecs() {
    return Stream.of(
        Arguments.of(
            spec().setPool(""), "spec.pool: \"\" (expected: a pool name of 1..253 characters)"),
        Arguments.of(
            spec().setTtlSeconds(-5), "spec.ttlSeconds: -5 (expected: 0..604800, 0 = default)"),
        Arguments.of(spec().setTtlSeconds(604_801), "spec.ttlSeconds: 604801"),
        Arguments.of(
            spec().setIdleTimeoutSeconds(-1),
            "spec.idleTimeoutSeconds: -1 (expected: 0..86400, 0 = default)"),
        Arguments.of(spec().setClaimTimeoutMs(-1), "spec.claimTimeoutMs: -1"),
        Arguments.of(spec().setClaimTimeoutMs(300_001), "spec.claimTimeoutMs: 300001"),
        Arguments.of(spec().putLabels("", "v"), "spec.labels: key \"\""),
        Arguments.of(
            spec().putLabels("k", "v".repeat(64)),
            "spec.labels[k]: 64 bytes (expected: at most 63)"));
  }

  @ParameterizedTest
  @MethodSource("badSpecs")
  void refusesOutOfRangeFieldsNamingFieldValueAndExpectation(
      io.infra.arl.api.gateway.v1.ClaimSpec.Builder spec, String message) {
    assertThatThrownBy(() -> ClaimSpecParser.parse(spec.build()))
        .isInstanceOf(GatewayException.class)
        .hasMessageStartingWith(message)
        .satisfies(
            e -> assertThat(((GatewayException) e).failure()).isEqualTo(Failure.INVALID_ARGUMENT));
  }

  @Test
  void acceptsAValidSpecAndKeepsZeroAsDefault() {
    ClaimSpec parsed =
        ClaimSpecParser.parse(spec().setTtlSeconds(60).putLabels("team", "rl").build());
    assertThat(parsed.ttl()).isEqualTo(Duration.ofSeconds(60));
    assertThat(parsed.idleTimeout()).isZero();
    assertThat(parsed.labels()).containsEntry("team", "rl");
  }
}

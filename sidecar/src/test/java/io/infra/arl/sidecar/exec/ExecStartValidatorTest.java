package io.infra.arl.sidecar.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infra.arl.api.sidecar.v1.ExecStart;
import io.infra.arl.sidecar.failure.SidecarException;
import io.infra.arl.sidecar.process.ExecSpec;
import java.time.Duration;
import java.util.Collections;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExecStartValidatorTest {

  private static final Duration DEFAULT = Duration.ofSeconds(60);

  @Test
  void commandRunsThroughShWithDefaults() {
    ExecSpec spec =
        ExecStartValidator.validate(ExecStart.newBuilder().setCommand("echo hi").build(), DEFAULT);

    assertThat(spec.command()).containsExactly("/bin/sh", "-c", "echo hi");
    assertThat(spec.timeout()).isEqualTo(DEFAULT);
    assertThat(spec.workingDirectory().isRoot()).isTrue();
    assertThat(spec.detached()).isFalse();
    assertThat(spec.stdin()).isFalse();
  }

  @Test
  void argvRunsAsGivenWithItsOptions() {
    ExecSpec spec =
        ExecStartValidator.validate(
            ExecStart.newBuilder()
                .addArgv("ls")
                .addArgv("-l")
                .putEnv("A_1", "x")
                .setCwd("src/")
                .setTimeoutMs(1500)
                .setTag("t")
                .setDetached(true)
                .setStdin(true)
                .build(),
            DEFAULT);

    assertThat(spec.command()).containsExactly("ls", "-l");
    assertThat(spec.environment()).containsEntry("A_1", "x");
    assertThat(spec.workingDirectory()).hasToString("src");
    assertThat(spec.timeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(spec.detached()).isTrue();
    assertThat(spec.stdin()).isTrue();
  }

  static Stream<Arguments> refused() {
    ExecStart ok = ExecStart.newBuilder().setCommand("true").build();
    return Stream.of(
        Arguments.of(
            ok.toBuilder().setTimeoutMs(-5).build(), "timeout_ms: -5 (expected: 0..86400000)"),
        Arguments.of(
            ok.toBuilder().setTimeoutMs(86_400_001L).build(),
            "timeout_ms: 86400001 (expected: 0..86400000)"),
        Arguments.of(
            ExecStart.getDefaultInstance(),
            "argv, command: both empty (expected: exactly one of argv or command)"),
        Arguments.of(
            ok.toBuilder().addArgv("ls").build(),
            "argv and command: both set (expected: exactly one of argv or command)"),
        Arguments.of(
            ExecStart.newBuilder().addArgv("").build(), "argv[0]: \"\" (expected: a program name)"),
        Arguments.of(
            ExecStart.newBuilder().addArgv("echo").addArgv("a\0b").build(),
            "argv[1]: \"a\\u0000b\" (expected: no NUL bytes)"),
        Arguments.of(
            ExecStart.newBuilder().addAllArgv(Collections.nCopies(4097, "x")).build(),
            "argv: 4097 entries (expected: at most 4096)"),
        Arguments.of(
            ExecStart.newBuilder().setCommand("x".repeat(128 * 1024 + 1)).build(),
            "command: 131073 bytes (expected: at most 131072 bytes)"),
        Arguments.of(
            ok.toBuilder().putEnv("1BAD", "x").build(),
            "env: \"1BAD\" (expected: names matching [A-Za-z_][A-Za-z0-9_]*)"),
        Arguments.of(
            ok.toBuilder().putEnv("ARL_EXEC_ID", "x").build(),
            "env: \"ARL_EXEC_ID\" (expected: a name not reserved by the sidecar)"),
        Arguments.of(
            ok.toBuilder().setCwd("../up").build(), "cwd: \"../up\" (expected: no '..' segments)"),
        Arguments.of(
            ok.toBuilder().setCwd("/tmp").build(),
            "cwd: \"/tmp\" (expected: a path relative to the workspace root, not absolute)"),
        Arguments.of(
            ok.toBuilder().setTag("t".repeat(257)).build(),
            "tag: 257 bytes (expected: at most 256 bytes)"));
  }

  @ParameterizedTest
  @MethodSource("refused")
  void refusesNamingFieldValueAndExpectation(ExecStart start, String message) {
    assertThatThrownBy(() -> ExecStartValidator.validate(start, DEFAULT))
        .isInstanceOfSatisfying(
            SidecarException.class,
            e -> assertThat(e.kind()).isEqualTo(SidecarException.Kind.INVALID_ARGUMENT))
        .hasMessage(message);
  }
}

package io.infra.arl.sidecar.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infra.arl.sidecar.failure.SidecarException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WorkspacePathTest {

  static Stream<Arguments> accepted() {
    return Stream.of(
        Arguments.of("a.txt", List.of("a.txt")),
        Arguments.of("dir/sub/file", List.of("dir", "sub", "file")),
        Arguments.of("./a//b/", List.of("a", "b")),
        Arguments.of("...", List.of("...")),
        Arguments.of("..a/b..", List.of("..a", "b..")),
        Arguments.of("a b/ü-€", List.of("a b", "ü-€")),
        Arguments.of("", List.of()),
        Arguments.of(".", List.of()),
        Arguments.of("a/".repeat(64), repeat("a", 64)));
  }

  @ParameterizedTest
  @MethodSource("accepted")
  void acceptsRelativePaths(String raw, List<String> segments) {
    assertThat(WorkspacePath.parse("path", raw).segments()).isEqualTo(segments);
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of("..", "path: \"..\" (expected: no '..' segments)"),
        Arguments.of("../etc/passwd", "path: \"../etc/passwd\" (expected: no '..' segments)"),
        Arguments.of("a/../../x", "path: \"a/../../x\" (expected: no '..' segments)"),
        Arguments.of("a/..", "path: \"a/..\" (expected: no '..' segments)"),
        Arguments.of(
            "/etc/passwd",
            "path: \"/etc/passwd\" (expected: a path relative to the workspace root, not absolute)"),
        Arguments.of("a\0b", "path: \"a\\u0000b\" (expected: no NUL bytes)"),
        Arguments.of("a\nb", "path: \"a\\u000ab\" (expected: no control characters)"),
        Arguments.of("a\u007fb", "path: \"a\\u007fb\" (expected: no control characters)"),
        Arguments.of("x".repeat(4097), "path: 4097 bytes (expected: at most 4096 bytes)"),
        Arguments.of("a/".repeat(65), "path: 65 segments (expected: at most 64)"),
        Arguments.of(
            "y".repeat(256),
            "path: \"" + "y".repeat(160) + "...\" (expected: segments of at most 255 bytes each)"));
  }

  @ParameterizedTest
  @MethodSource("refused")
  void refusesHostilePathsNamingFieldValueAndExpectation(String raw, String message) {
    assertThatThrownBy(() -> WorkspacePath.parse("path", raw))
        .isInstanceOfSatisfying(
            SidecarException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(SidecarException.Kind.INVALID_ARGUMENT);
              assertThat(e.getMessage()).isEqualTo(message);
            });
  }

  @Test
  void fileMustBeBelowTheRoot() {
    assertThatThrownBy(() -> WorkspacePath.parseFile("files[3].path", "./"))
        .hasMessage("files[3].path: \"./\" (expected: a path below the workspace root)");
  }

  @Test
  void knowsLeafAndParent() {
    WorkspacePath path = WorkspacePath.parse("path", "a/b/c");
    assertThat(path.leaf()).isEqualTo("c");
    assertThat(path.parentSegments()).containsExactly("a", "b");
    assertThat(path.resolve("d")).hasToString("a/b/c/d");
    assertThat(WorkspacePath.ROOT.isRoot()).isTrue();
  }

  private static List<String> repeat(String segment, int times) {
    return Stream.generate(() -> segment).limit(times).toList();
  }
}

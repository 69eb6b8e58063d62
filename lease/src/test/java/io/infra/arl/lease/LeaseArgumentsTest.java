package io.infra.arl.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeaseArgumentsTest {

  @Test
  void candidatesMustBeOneToMaxNonBlankIds() {
    assertThatThrownBy(() -> LeaseArguments.requireCandidates(null))
        .hasMessage("candidateIds: null (expected: at least one sandbox id)");
    assertThatThrownBy(() -> LeaseArguments.requireCandidates(List.of()))
        .hasMessage("candidateIds: [] (expected: at least one sandbox id)");
    assertThatThrownBy(() -> LeaseArguments.requireCandidates(Arrays.asList("a", null)))
        .hasMessage("candidateIds[1]: null (expected: a non-blank sandbox id)");
    assertThatThrownBy(() -> LeaseArguments.requireCandidates(List.of("a", " ")))
        .hasMessage("candidateIds[1]: ' ' (expected: a non-blank sandbox id)");
    List<String> tooMany = Collections.nCopies(LeaseArguments.MAX_CANDIDATES + 1, "a");
    assertThatThrownBy(() -> LeaseArguments.requireCandidates(tooMany))
        .hasMessage("candidateIds: 1025 ids (expected: at most 1024)");
    assertThat(LeaseArguments.requireCandidates(List.of("a", "b"))).containsExactly("a", "b");
  }

  @Test
  void ttlMustBeAtLeastOneMillisecond() {
    assertThatThrownBy(() -> LeaseArguments.requireTtl(null))
        .hasMessage("ttl: null (expected: > 0)");
    assertThatThrownBy(() -> LeaseArguments.requireTtl(Duration.ofSeconds(-5)))
        .hasMessage("ttl: PT-5S (expected: > 0)");
    assertThatThrownBy(() -> LeaseArguments.requireTtl(Duration.ofNanos(500_000)))
        .hasMessage("ttl: PT0.0005S (expected: >= 1 ms)");
    assertThat(LeaseArguments.requireTtl(Duration.ofMillis(1))).isEqualTo(Duration.ofMillis(1));
  }

  @Test
  void ownerAndSandboxIdMustNotBeBlank() {
    assertThatThrownBy(() -> LeaseArguments.requireOwner(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("owner: '' (expected: non-blank)");
    assertThatThrownBy(() -> LeaseArguments.requireSandboxId(null))
        .hasMessage("sandboxId: null (expected: non-blank)");
    assertThat(LeaseArguments.requireOwner("o")).isEqualTo("o");
  }
}

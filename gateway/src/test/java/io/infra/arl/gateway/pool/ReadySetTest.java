package io.infra.arl.gateway.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ReadySetTest {
  private final ReadySet<String> set = new ReadySet<>(Function.identity());
  private final Random random = new Random(42);

  @Test
  void removalKeepsEveryOtherItemReachableById() {
    for (int i = 0; i < 10; i++) {
      set.put("s" + i);
    }
    assertThat(set.remove("s3")).isEqualTo("s3");
    assertThat(set.remove("s0")).isEqualTo("s0");
    assertThat(set.remove("s9")).isEqualTo("s9");
    assertThat(set.remove("s3")).isNull();

    assertThat(set.size()).isEqualTo(7);
    for (String id : List.of("s1", "s2", "s4", "s5", "s6", "s7", "s8")) {
      assertThat(set.get(id)).isEqualTo(id);
    }
    assertThat(set.snapshot()).containsExactlyInAnyOrder("s1", "s2", "s4", "s5", "s6", "s7", "s8");
  }

  @Test
  void putOfAPresentIdReplacesInsteadOfDuplicating() {
    ReadySet<String[]> pairs = new ReadySet<>(p -> p[0]);
    pairs.put(new String[] {"a", "old"});
    pairs.put(new String[] {"a", "new"});

    assertThat(pairs.size()).isEqualTo(1);
    assertThat(pairs.get("a")[1]).isEqualTo("new");
  }

  @Test
  void sampleIsDistinctBoundedAndReachesEveryItemOverTime() {
    for (int i = 0; i < 100; i++) {
      set.put("s" + i);
    }
    Set<String> seen = new HashSet<>();
    for (int round = 0; round < 200; round++) {
      List<String> sample = set.sample(8, random);
      assertThat(sample).hasSize(8).doesNotHaveDuplicates();
      seen.addAll(sample);
      // Sampling reorders the array: ids must still resolve and removals still work after it.
      String victim = sample.getFirst();
      assertThat(set.remove(victim)).isEqualTo(victim);
      set.put(victim);
    }
    assertThat(seen).hasSize(100);
    assertThat(set.size()).isEqualTo(100);
    assertThat(set.snapshot()).doesNotHaveDuplicates().allMatch(id -> set.get(id).equals(id));
  }

  @Test
  void sampleOfASmallSetIsTheWholeSetAndRemoveAnyEmptiesIt() {
    set.put("a");
    set.put("b");

    assertThat(set.sample(8, random)).containsExactlyInAnyOrder("a", "b");
    assertThat(List.of(set.removeAny(), set.removeAny())).containsExactlyInAnyOrder("a", "b");
    assertThat(set.removeAny()).isNull();
    assertThat(set.sample(8, random)).isEmpty();
  }
}

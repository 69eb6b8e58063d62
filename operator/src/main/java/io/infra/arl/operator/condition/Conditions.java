package io.infra.arl.operator.condition;

import io.kubernetes.client.openapi.models.V1Condition;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds status conditions: {@code lastTransitionTime} changes only when a condition's status
 * changes, so rebuilding a status from observations on every reconcile does not rewrite it.
 */
public final class Conditions {

  /** The condition every status carries. */
  public static final String READY = "Ready";

  private Conditions() {}

  /** A desired condition, before transition times are decided. */
  public record Desired(String type, boolean status, String reason, String message) {}

  /**
   * The conditions to write: {@code desired}, in order, each with the previous transition time when
   * its status did not change, else {@code now}.
   */
  public static List<V1Condition> merge(
      List<V1Condition> previous, List<Desired> desired, long generation, Instant now) {
    List<V1Condition> merged = new ArrayList<>(desired.size());
    for (Desired want : desired) {
      String status = want.status() ? "True" : "False";
      V1Condition before = find(previous, want.type());
      OffsetDateTime since =
          before != null
                  && status.equals(before.getStatus())
                  && before.getLastTransitionTime() != null
              ? before.getLastTransitionTime()
              : OffsetDateTime.ofInstant(now, ZoneOffset.UTC).withNano(0);
      merged.add(
          new V1Condition()
              .type(want.type())
              .status(status)
              .reason(want.reason())
              .message(want.message() == null ? "" : want.message())
              .observedGeneration(generation)
              .lastTransitionTime(since));
    }
    return List.copyOf(merged);
  }

  /** The condition of {@code type}, or null. */
  public static V1Condition find(List<V1Condition> conditions, String type) {
    if (conditions == null) {
      return null;
    }
    for (V1Condition condition : conditions) {
      if (Objects.equals(type, condition.getType())) {
        return condition;
      }
    }
    return null;
  }

  /** Whether the condition of {@code type} is present with status True. */
  public static boolean isTrue(List<V1Condition> conditions, String type) {
    V1Condition condition = find(conditions, type);
    return condition != null && "True".equals(condition.getStatus());
  }
}

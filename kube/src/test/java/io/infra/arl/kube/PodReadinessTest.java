package io.infra.arl.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1PodStatus;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PodReadinessTest {

  static Stream<Arguments> pods() {
    return Stream.of(
        Arguments.of("labelled ready, running, ready, with IP", same(), true, true),
        Arguments.of("allocated", label(Labels.POD_STATE_ALLOCATED), false, true),
        Arguments.of("no pod-state label", label(null), false, true),
        Arguments.of("pending", phase("Pending"), false, false),
        Arguments.of("no IP yet", ip(null), false, false),
        Arguments.of("empty IP", ip(""), false, false),
        Arguments.of("Ready condition False", readyCondition("False"), false, false),
        Arguments.of("no Ready condition", readyCondition(null), false, false),
        Arguments.of("terminating", terminating(), false, false),
        Arguments.of("no status", (UnaryOperator<V1Pod>) p -> p.status(null), false, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pods")
  void readyNeedsTheLabelAndAServingSidecar(
      String description, UnaryOperator<V1Pod> change, boolean ready, boolean serving) {
    V1Pod pod = change.apply(readyPod());
    assertThat(PodReadiness.isReady(pod)).as("isReady").isEqualTo(ready);
    assertThat(PodReadiness.isServing(pod)).as("isServing").isEqualTo(serving);
  }

  private static V1Pod readyPod() {
    return new V1Pod()
        .metadata(
            new V1ObjectMeta()
                .name("pool-abcde")
                .labels(
                    new java.util.HashMap<>(
                        Map.of(Labels.WARMPOOL, "pool", Labels.POD_STATE, Labels.POD_STATE_READY))))
        .status(
            new V1PodStatus()
                .phase("Running")
                .podIP("127.0.0.2")
                .conditions(
                    List.of(
                        new V1PodCondition().type("Initialized").status("True"),
                        new V1PodCondition().type("Ready").status("True"))));
  }

  private static UnaryOperator<V1Pod> same() {
    return p -> p;
  }

  private static UnaryOperator<V1Pod> label(String state) {
    return p -> {
      if (state == null) {
        p.getMetadata().getLabels().remove(Labels.POD_STATE);
      } else {
        p.getMetadata().getLabels().put(Labels.POD_STATE, state);
      }
      return p;
    };
  }

  private static UnaryOperator<V1Pod> phase(String phase) {
    return p -> p.status(p.getStatus().phase(phase));
  }

  private static UnaryOperator<V1Pod> ip(String ip) {
    return p -> p.status(p.getStatus().podIP(ip));
  }

  private static UnaryOperator<V1Pod> readyCondition(String status) {
    return p ->
        p.status(
            p.getStatus()
                .conditions(
                    status == null
                        ? List.of()
                        : List.of(new V1PodCondition().type("Ready").status(status))));
  }

  private static UnaryOperator<V1Pod> terminating() {
    return p -> p.metadata(p.getMetadata().deletionTimestamp(OffsetDateTime.now()));
  }
}

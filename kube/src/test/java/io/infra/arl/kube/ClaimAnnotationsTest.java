package io.infra.arl.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import org.junit.jupiter.api.Test;

class ClaimAnnotationsTest {

  @Test
  void readsTheAnnotatedFencingToken() {
    assertThat(ClaimAnnotations.fencingToken(annotated("42"))).hasValue(42);
  }

  @Test
  void noTokenWhenAbsentOrNotANumber() {
    assertThat(ClaimAnnotations.fencingToken(new V1Pod().metadata(new V1ObjectMeta()))).isEmpty();
    assertThat(ClaimAnnotations.fencingToken(new V1Pod())).isEmpty();
    assertThat(ClaimAnnotations.fencingToken(annotated("forty-two"))).isEmpty();
  }

  private static V1Pod annotated(String token) {
    return new V1Pod()
        .metadata(new V1ObjectMeta().putAnnotationsItem(Labels.CLAIM_FENCING_TOKEN, token));
  }
}

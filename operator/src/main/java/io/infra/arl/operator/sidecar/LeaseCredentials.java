package io.infra.arl.operator.sidecar;

import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.infra.arl.kube.SandboxIds;

/**
 * The lease a sidecar is bound to, presented on every call as the metadata {@code arl-lease-id} and
 * {@code arl-fencing-token} (see sidecar.proto).
 *
 * @param sandboxId the sandbox id
 * @param fencingToken the lease's fencing token
 */
public record LeaseCredentials(String sandboxId, long fencingToken) {

  private static final Metadata.Key<String> LEASE_ID =
      Metadata.Key.of("arl-lease-id", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> FENCING_TOKEN =
      Metadata.Key.of("arl-fencing-token", Metadata.ASCII_STRING_MARSHALLER);

  /** {@code <sandbox id>#<fencing token>}, as given to Bind. */
  public String leaseId() {
    return SandboxIds.leaseId(sandboxId, fencingToken);
  }

  /** An interceptor that attaches the metadata. */
  public ClientInterceptor interceptor() {
    Metadata headers = new Metadata();
    headers.put(LEASE_ID, leaseId());
    headers.put(FENCING_TOKEN, Long.toString(fencingToken));
    return MetadataUtils.newAttachHeadersInterceptor(headers);
  }
}

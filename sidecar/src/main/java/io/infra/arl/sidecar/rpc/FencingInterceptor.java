package io.infra.arl.sidecar.rpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.infra.arl.api.sidecar.v1.SidecarGrpc;
import io.infra.arl.sidecar.failure.SidecarException;
import io.infra.arl.sidecar.fence.Binding;
import io.infra.arl.sidecar.fence.LeaseFence;

/**
 * Admits calls of the {@code arl.sidecar.v1.Sidecar} service only with the bound lease in metadata
 * ({@code arl-lease-id}, {@code arl-fencing-token}); Bind needs none. The admitted binding is put
 * in the call's {@link Context} for the endpoints ({@link #currentBinding()}).
 */
public final class FencingInterceptor implements ServerInterceptor {

  /** Metadata key of the lease id. */
  public static final Metadata.Key<String> LEASE_ID =
      Metadata.Key.of("arl-lease-id", Metadata.ASCII_STRING_MARSHALLER);

  /** Metadata key of the fencing token, in decimal. */
  public static final Metadata.Key<String> FENCING_TOKEN =
      Metadata.Key.of("arl-fencing-token", Metadata.ASCII_STRING_MARSHALLER);

  private static final Context.Key<Binding> BINDING = Context.key("arl-binding");
  private static final String BIND_METHOD = SidecarGrpc.getBindMethod().getFullMethodName();

  private final LeaseFence fence;

  /** Admits calls against {@code fence}. */
  public FencingInterceptor(LeaseFence fence) {
    this.fence = fence;
  }

  /** The binding the current call was admitted under. */
  public static Binding currentBinding() {
    Binding binding = BINDING.get();
    if (binding == null) {
      throw new IllegalStateException("No binding: the call did not pass the FencingInterceptor");
    }
    return binding;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String method = call.getMethodDescriptor().getFullMethodName();
    if (method.equals(BIND_METHOD)) {
      return next.startCall(call, headers);
    }
    Binding binding;
    try {
      binding = fence.admit(headers.get(LEASE_ID), headers.get(FENCING_TOKEN));
    } catch (SidecarException refusal) {
      call.close(StatusMapping.toStatus(refusal), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    fence.served(binding, method);
    return Contexts.interceptCall(
        Context.current().withValue(BINDING, binding), call, headers, next);
  }
}

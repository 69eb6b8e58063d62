package io.infra.arl.gateway.auth;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates every Gateway call by its {@code authorization: Bearer <api key>} metadata and puts
 * the caller's {@link Tenant} in the call context. Health checks and server reflection need no key.
 *
 * <p>Auth is on unless {@code arl.gateway.auth.enabled=false}; when that key is unset it is off
 * only if the gRPC server listens on a loopback address. Auth on with no keys configured is a
 * startup error, not a gateway that refuses everyone.
 */
@Singleton
public class AuthInterceptor implements ServerInterceptor {
  private static final Logger LOG = LoggerFactory.getLogger(AuthInterceptor.class);
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final String BEARER = "Bearer ";

  private final boolean enabled;
  private final ApiKeys keys;

  public AuthInterceptor(
      AuthConfig config,
      List<TenantConfig> tenants,
      @Nullable @Value("${grpc.server.host:}") String host) {
    this.keys = new ApiKeys(tenants);
    this.enabled = config.enabled() != null ? config.enabled() : !isLoopback(host);
    if (enabled && keys.isEmpty()) {
      throw new IllegalStateException(
          "Authentication is on (grpc.server.host="
              + host
              + " is not loopback, or arl.gateway.auth.enabled=true) but no API key is configured:"
              + " set arl.gateway.auth.tenants.<tenant>.api-keys, or arl.gateway.auth.enabled=false"
              + " to accept anonymous calls");
    }
    LOG.info("Configured authentication enabled={} host={}", enabled, host);
  }

  public boolean enabled() {
    return enabled;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String service = call.getMethodDescriptor().getServiceName();
    if (!enabled || service == null || !service.startsWith("arl.")) {
      return next.startCall(call, headers);
    }
    Optional<Tenant> tenant = authenticate(headers.get(AUTHORIZATION));
    if (tenant.isEmpty()) {
      call.close(
          Status.UNAUTHENTICATED.withDescription(
              "missing or unknown API key (expected metadata authorization: Bearer <api key>)"),
          new Metadata());
      return new ServerCall.Listener<>() {};
    }
    Context context = Context.current().withValue(Tenant.CONTEXT_KEY, tenant.get());
    return Contexts.interceptCall(context, call, headers, next);
  }

  private Optional<Tenant> authenticate(@Nullable String authorization) {
    if (authorization == null
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return Optional.empty();
    }
    return keys.tenant(authorization.substring(BEARER.length()).trim());
  }

  private static boolean isLoopback(@Nullable String host) {
    if (host == null || host.isBlank()) {
      return false; // gRPC then listens on every interface
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}

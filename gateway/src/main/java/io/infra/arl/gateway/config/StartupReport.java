package io.infra.arl.gateway.config;

import io.infra.arl.gateway.auth.AuthInterceptor;
import io.infra.arl.gateway.pool.PoolRegistry;
import io.infra.arl.gateway.pool.SandboxPool;
import io.infra.arl.lease.LeaseStore;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.grpc.server.GrpcEmbeddedServer;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Says, once the servers are up, where the gateway listens and what it serves. */
@Singleton
public class StartupReport implements ApplicationEventListener<ServerStartupEvent> {
  private static final Logger LOG = LoggerFactory.getLogger(StartupReport.class);

  private final String grpcHost;
  private final int grpcPort;
  private final PoolRegistry pools;
  private final AuthInterceptor auth;
  private final LeaseStore leases;
  private final GatewayIdentity identity;

  public StartupReport(
      @Value("${grpc.server.host:0.0.0.0}") String grpcHost,
      @Value("${grpc.server.port:9090}") int grpcPort,
      PoolRegistry pools,
      AuthInterceptor auth,
      LeaseStore leases,
      GatewayIdentity identity) {
    this.grpcHost = grpcHost;
    this.grpcPort = grpcPort;
    this.pools = pools;
    this.auth = auth;
    this.leases = leases;
    this.identity = identity;
  }

  @Override
  public void onApplicationEvent(ServerStartupEvent event) {
    if (event.getSource() instanceof GrpcEmbeddedServer) {
      return; // reported once, for the management server, with the gRPC address from config
    }
    String poolList =
        pools.all().stream()
            .map(SandboxPool::stats)
            .map(s -> s.name() + "(" + s.replicas() + ")")
            .collect(Collectors.joining(","));
    LOG.info(
        "Started gateway instance={} grpc={}:{} management={} pools={} auth={} leases={}",
        identity.id(),
        grpcHost,
        grpcPort,
        event.getSource().getURL(),
        poolList,
        auth.enabled() ? "on" : "off",
        leases.getClass().getSimpleName());
  }
}

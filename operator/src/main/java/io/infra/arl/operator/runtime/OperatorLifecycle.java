package io.infra.arl.operator.runtime;

import io.infra.arl.lease.LeaseStore;
import io.infra.arl.operator.config.OperatorConfig;
import io.infra.arl.operator.metrics.OperatorMetrics;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the controllers once the management server is up, if Kubernetes is configured; otherwise
 * logs one line and stays idle (health still answers). Exits the application when leadership is
 * lost, as controllers conventionally do, so a fresh process campaigns again.
 */
@Singleton
public class OperatorLifecycle implements ApplicationEventListener<ServerStartupEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(OperatorLifecycle.class);

  private final OperatorConfig config;
  private final LeaseStore leases;
  private final OperatorMetrics metrics;
  private final Clock clock;
  private final ApplicationContext context;
  private final String kubeconfig;
  private final boolean discover;
  private volatile Operator operator;

  /** The lifecycle; {@code arl.kubernetes.*} says where to find the apiserver. */
  public OperatorLifecycle(
      OperatorConfig config,
      LeaseStore leases,
      OperatorMetrics metrics,
      Clock clock,
      ApplicationContext context,
      @Nullable @Value("${arl.kubernetes.kubeconfig:}") String kubeconfig,
      @Value("${arl.kubernetes.discover:true}") boolean discover) {
    this.config = config;
    this.leases = leases;
    this.metrics = metrics;
    this.clock = clock;
    this.context = context;
    this.kubeconfig = kubeconfig;
    this.discover = discover;
  }

  @Override
  public void onApplicationEvent(ServerStartupEvent event) {
    Optional<KubeAccess.Found> kube =
        KubeAccess.find(
            kubeconfig, discover, System.getenv(), Path.of(System.getProperty("user.home")));
    if (kube.isEmpty()) {
      LOG.info(
          "Disabled controllers reason=no Kubernetes configuration (set arl.kubernetes.kubeconfig or"
              + " KUBECONFIG, or run in a pod)");
      return;
    }
    LOG.info("Connected to Kubernetes source={}", kube.get().source());
    operator =
        Operator.start(kube.get().client(), leases, config, metrics, clock, this::leadershipLost);
  }

  /** The running operator, if Kubernetes is configured. */
  public Optional<Operator> operator() {
    return Optional.ofNullable(operator);
  }

  private void leadershipLost() {
    Thread.ofPlatform()
        .name("arl-operator-exit")
        .start(
            () -> {
              context.stop();
              System.exit(1);
            });
  }

  @PreDestroy
  void stop() {
    Operator running = operator;
    if (running != null) {
      running.close();
    }
  }
}

package io.infra.arl.gateway.session;

import io.infra.arl.api.gateway.v1.SessionEvent;
import io.infra.arl.api.sidecar.v1.KeepAlive;
import io.infra.arl.gateway.metrics.GatewayMetrics;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The open Session streams of this gateway, and their keep-alives. */
@Singleton
public class Sessions {
  private static final SessionEvent KEEP_ALIVE =
      SessionEvent.newBuilder().setKeepAlive(KeepAlive.getDefaultInstance()).build();

  private final Set<SessionStream> open = ConcurrentHashMap.newKeySet();
  private final SessionServices services;
  private final GatewayMetrics metrics;

  public Sessions(SessionServices services, GatewayMetrics metrics) {
    this.services = services;
    this.metrics = metrics;
  }

  SessionServices services() {
    return services;
  }

  void opened(SessionStream session) {
    if (open.add(session)) {
      metrics.sessionOpened();
    }
  }

  void closed(SessionStream session) {
    if (open.remove(session)) {
      metrics.sessionClosed();
    }
  }

  public int count() {
    return open.size();
  }

  /** Sends a keep-alive on every open session, so idle connections survive proxies. */
  @Scheduled(fixedDelay = "${arl.gateway.keep-alive-interval:15s}")
  void keepAlive() {
    open.forEach(s -> s.send(KEEP_ALIVE));
  }
}

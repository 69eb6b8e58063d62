package io.infra.arl.gateway;

import io.infra.arl.sidecar.SidecarObserver;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the sidecars themselves saw: every bind and every served call, by sandbox. Lease ids have
 * the form {@code <sandbox id>#<fencing token>}.
 */
public final class SidecarLedger implements SidecarObserver {
  private final Map<String, List<String>> bindsBySandbox = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> servedLeasesBySandbox = new ConcurrentHashMap<>();

  @Override
  public void onBind(String leaseId, long fencingToken) {
    bindsBySandbox
        .computeIfAbsent(sandbox(leaseId), k -> new CopyOnWriteArrayList<>())
        .add(leaseId);
  }

  @Override
  public void onCallServed(String leaseId, long fencingToken, String fullMethodName) {
    servedLeasesBySandbox
        .computeIfAbsent(sandbox(leaseId), k -> ConcurrentHashMap.newKeySet())
        .add(leaseId);
  }

  public Map<String, List<String>> binds() {
    return bindsBySandbox;
  }

  public Map<String, Set<String>> servedLeases() {
    return servedLeasesBySandbox;
  }

  private static String sandbox(String leaseId) {
    int hash = leaseId.lastIndexOf('#');
    return hash < 0 ? leaseId : leaseId.substring(0, hash);
  }
}

package io.infra.arl.operator.runtime;

import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.extended.controller.ControllerWatch;
import io.kubernetes.client.extended.controller.reconciler.Request;
import io.kubernetes.client.extended.workqueue.WorkQueue;
import io.kubernetes.client.informer.ResourceEventHandler;
import java.time.Duration;
import java.util.Collection;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A controller watch that maps each event of one resource to any number of reconcile requests (e.g.
 * a pod turning ready wakes every pending Sandbox of its pool), with an optional hook that sees old
 * and new object first. Events of the same key collapse in the work queue.
 *
 * @param <T> the watched resource
 */
public final class FanOutWatch<T extends KubernetesObject> implements ControllerWatch<T> {

  private final Class<T> type;
  private final WorkQueue<Request> queue;
  private final Function<T, Collection<Request>> keys;
  private final BiConsumer<T, T> onChange;

  /**
   * A watch.
   *
   * @param type the resource class (its informer must exist in the factory)
   * @param queue the controller's work queue
   * @param keys the requests an object maps to
   * @param onChange called with (old, new) on updates, (null, new) on adds, (old, null) on deletes
   */
  public FanOutWatch(
      Class<T> type,
      WorkQueue<Request> queue,
      Function<T, Collection<Request>> keys,
      BiConsumer<T, T> onChange) {
    this.type = type;
    this.queue = queue;
    this.keys = keys;
    this.onChange = onChange;
  }

  /** A watch without a change hook. */
  public FanOutWatch(
      Class<T> type, WorkQueue<Request> queue, Function<T, Collection<Request>> keys) {
    this(type, queue, keys, (before, after) -> {});
  }

  @Override
  public Class<T> getResourceClass() {
    return type;
  }

  @Override
  public ResourceEventHandler<T> getResourceEventHandler() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T object) {
        onChange.accept(null, object);
        keys.apply(object).forEach(queue::add);
      }

      @Override
      public void onUpdate(T before, T after) {
        onChange.accept(before, after);
        keys.apply(before).forEach(queue::add);
        keys.apply(after).forEach(queue::add);
      }

      @Override
      public void onDelete(T object, boolean finalStateUnknown) {
        onChange.accept(object, null);
        keys.apply(object).forEach(queue::add);
      }
    };
  }

  @Override
  public Duration getResyncPeriod() {
    return Duration.ZERO;
  }
}

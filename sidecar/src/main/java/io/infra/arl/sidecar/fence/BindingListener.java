package io.infra.arl.sidecar.fence;

/** Told about binding changes and admitted calls; called synchronously, must be cheap. */
public interface BindingListener {

  /** Does nothing. */
  BindingListener NONE = new BindingListener() {};

  /** The sidecar was bound to {@code binding}. */
  default void onBind(Binding binding) {}

  /** {@code binding} ended: reset, or cut off by a higher token. */
  default void onUnbind(Binding binding) {}

  /** A call of {@code binding} was admitted. */
  default void onCallServed(Binding binding, String fullMethodName) {}
}

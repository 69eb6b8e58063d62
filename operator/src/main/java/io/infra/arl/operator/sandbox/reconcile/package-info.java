/** Claims, holds and releases the pod of each Sandbox through the shared lease protocol. */
package io.infra.arl.operator.sandbox.reconcile;

/** The operator's view of and writes to the apiserver: informer caches, pods, statuses. */
package io.infra.arl.operator.cluster;

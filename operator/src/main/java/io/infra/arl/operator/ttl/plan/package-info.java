/** When sandboxes are released and objects deleted: deadlines computed from timestamps, no I/O. */
package io.infra.arl.operator.ttl.plan;

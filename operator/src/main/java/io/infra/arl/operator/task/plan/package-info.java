/**
 * What to do with a Task now, and the pure pieces of running one (durations, paths, output caps).
 */
package io.infra.arl.operator.task.plan;

/** The operator's settings, under {@code arl.operator}. */
package io.infra.arl.operator.config;

/** The bidirectional Session stream: one claimed sandbox, many multiplexed requests. */
package io.infra.arl.gateway.session;

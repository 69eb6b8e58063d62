/** The Exec RPC: a bidirectional stream relaying one process under flow control. */
package io.infra.arl.sidecar.exec;

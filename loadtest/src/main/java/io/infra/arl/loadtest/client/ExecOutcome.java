package io.infra.arl.loadtest.client;

/**
 * How an exec ended, as the client saw it.
 *
 * @param exitCode the process's exit code from the exited event
 * @param stdoutBytes bytes of stdout received
 * @param messages exec events received (started, chunks, keep-alives, exited)
 */
public record ExecOutcome(int exitCode, long stdoutBytes, long messages) {}

/** The benchmark report: tables, targets and verdicts, machine facts, rendered as Markdown. */
package io.infra.arl.loadtest.report;

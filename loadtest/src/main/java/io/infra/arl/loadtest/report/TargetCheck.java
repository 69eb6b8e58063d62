package io.infra.arl.loadtest.report;

/**
 * One row of the summary: a target from ARCHITECTURE.md, what this run measured, the verdict.
 *
 * @param target the target as written in the architecture brief
 * @param measured the measured value(s), formatted
 * @param verdict met, missed or not measured
 * @param where the section of the report with the details
 */
public record TargetCheck(String target, String measured, Verdict verdict, String where) {}

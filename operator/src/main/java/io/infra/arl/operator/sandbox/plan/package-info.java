/** What to do with a held or released Sandbox now: keep, release or delete; pure. */
package io.infra.arl.operator.sandbox.plan;

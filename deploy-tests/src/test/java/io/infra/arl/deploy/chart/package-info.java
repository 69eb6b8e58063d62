/**
 * Tests of the Helm chart in deploy/helm/arl-infra, rendered by the pinned helm and applied to a
 * real apiserver.
 */
package io.infra.arl.deploy.chart;

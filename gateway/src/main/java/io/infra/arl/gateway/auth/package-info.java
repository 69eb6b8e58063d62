/** API-key authentication and per-tenant pool authorisation. */
package io.infra.arl.gateway.auth;

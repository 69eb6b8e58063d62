package io.infra.arl.gateway.auth;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.bind.annotation.Bindable;
import java.util.List;

/**
 * A tenant and its API keys, under {@code arl.gateway.auth.tenants.<name>}.
 *
 * @param name tenant name (shown in logs and metrics, never the keys)
 * @param apiKeys keys that authenticate as this tenant
 * @param pools pools the tenant may claim from; {@code *} means all
 */
@EachProperty(TenantConfig.PREFIX)
public record TenantConfig(
    @Parameter String name,
    @Bindable(defaultValue = "") List<String> apiKeys,
    @Bindable(defaultValue = "*") List<String> pools) {

  public static final String PREFIX = "arl.gateway.auth.tenants";
}

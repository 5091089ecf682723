package nl.waarborg.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Describes the API as bearer-token protected, so generated clients send the token. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI waarborgOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Waarborg API")
                        .version("v1")
                        .description("Privacy operations: register, statement, data subjects, retention, requests, "
                                + "audit. Errors are application/problem+json (see docs/api-errors.md).")
                        .license(new License().name("Open source")))
                .components(new Components()
                        .addSecuritySchemes(
                                "token",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .description("An API token (wbt_...) created by an administrator")))
                .addSecurityItem(new SecurityRequirement().addList("token"));
    }
}

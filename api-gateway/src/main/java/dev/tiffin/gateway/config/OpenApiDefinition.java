package dev.tiffin.gateway.config;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The OpenAPI document's header and its bearer-token security scheme. */
@OpenAPIDefinition(
        info =
                @Info(
                        title = "Tiffin API",
                        version = "v1",
                        description =
                                "Deployments of BentoML services on Kubernetes: create, update, observe; catalogs;"
                                        + " API tokens. Every endpoint needs 'Authorization: Bearer <token>'."),
        security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(
        securitySchemeName = "bearer",
        type = SecuritySchemeType.HTTP,
        scheme = "bearer",
        bearerFormat = "tfn_<base64url>",
        description = "An API token (POST /v1/tokens); the first admin token comes from TIFFIN_BOOTSTRAP_TOKEN.")
public class OpenApiDefinition extends Application {}

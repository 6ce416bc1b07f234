package dev.tunnelgate.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI 3.1 document of {@link ApiSecurity#PATH} (springdoc generates it from the controllers; which paths,
 * where it is served and Swagger UI are set in application.properties): a title, and the personal access token as a
 * bearer scheme that every operation requires, and the problem details operations answer with. The document and
 * Swagger UI are behind the portal's sign-in.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {
    /** Swagger UI, relative to the portal's root. */
    public static final String SWAGGER_UI = "swagger-ui/index.html";

    /** The document, relative to the portal's root. */
    public static final String DOCUMENT = "v3/api-docs";

    static final String TOKEN_SCHEME = "token";

    /** The schema of every error body. */
    static final String PROBLEM = "Problem";

    @Bean
    OpenAPI tunnelgateOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Tunnelgate REST API").version("1").description("""
                                Automation for the Tunnelgate WireGuard portal. Every request carries a personal \
                                access token (create one on the portal's "API tokens" page) as \
                                `Authorization: Bearer tgp1.…`; the token acts as its user with the user's current \
                                roles, and a read-only token may only read (GET and HEAD). Errors are RFC 9457 \
                                problem details (`application/problem+json`) whose `field` names the request \
                                property that was wrong. Lists are paged with `page` (from 0) and `size` (1 to \
                                500). Updates that could overwrite someone else's change need `If-Match` with the \
                                `ETag` of the version read (412 when it changed since, 428 without it)."""))
                .components(new Components()
                        .addSecuritySchemes(
                                TOKEN_SCHEME,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("tgp1.<id>.<secret>")
                                        .description("A personal access token from the portal's API tokens page")))
                .addSecurityItem(new SecurityRequirement().addList(TOKEN_SCHEME));
    }

    /**
     * The problem details every operation may answer with, which springdoc cannot see in {@link ApiProblems}: 401
     * and 403 for all, 400 where the request has parameters or a body, 404 where the path names an object.
     */
    @Bean
    OpenApiCustomizer problemResponses() {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents().addSchemas(PROBLEM, problemSchema());
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths()
                    .values()
                    .forEach(item -> item.readOperations().forEach(OpenApiConfiguration::addProblems));
        };
    }

    private static void addProblems(Operation operation) {
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        var responses = operation.getResponses();
        var parameters = operation.getParameters() == null ? List.<Parameter>of() : operation.getParameters();
        if (!parameters.isEmpty() || operation.getRequestBody() != null) {
            responses.putIfAbsent(
                    "400", problem("Refused input: `field` names the parameter or body property that was wrong"));
        }
        responses.putIfAbsent("401", problem("No valid token: missing, malformed, expired or revoked"));
        responses.putIfAbsent(
                "403", problem("The token's user lacks the role, or a read-only token asked for a change"));
        if (parameters.stream().anyMatch(parameter -> "path".equals(parameter.getIn()))) {
            responses.putIfAbsent("404", problem("No such object, or one of another user's"));
        }
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse()
                .description(description)
                .content(new Content()
                        .addMediaType(
                                Problems.MEDIA_TYPE,
                                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
    }

    /** RFC 9457 with the API's extension member {@code field}. */
    private static Schema<?> problemSchema() {
        return typed("object")
                .description("An RFC 9457 problem detail")
                .addProperty(
                        "type",
                        typed("string")
                                .format("uri")
                                .description("The kind of problem, e.g. urn:tunnelgate:problem:invalid-input"))
                .addProperty("title", typed("string").description("The HTTP status' reason phrase"))
                .addProperty("status", typed("integer").format("int32").description("The HTTP status"))
                .addProperty("detail", typed("string").description("What was wrong, in English"))
                .addProperty("instance", typed("string").format("uri").description("The request's path"))
                .addProperty(
                        "field",
                        typed("string").description("The request parameter or body property that was wrong, if one"))
                .required(List.of("type", "title", "status"));
    }

    private static Schema<Object> typed(String type) {
        var schema = new Schema<Object>(SpecVersion.V31);
        schema.addType(type);
        return schema;
    }
}

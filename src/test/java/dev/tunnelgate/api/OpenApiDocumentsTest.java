package dev.tunnelgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The drift check's own parts: what is compared, and what a failure says. */
class OpenApiDocumentsTest {
    private static final String DOCUMENT = """
            {"paths": {"/api/v1/b": {"get": {"operationId": "b"}}, "/api/v1/a": {"get": {"operationId": "a"}}},
             "openapi": "3.1.0",
             "servers": [{"url": "http://localhost:41234"}],
             "components": {"schemas": {"Z": {"type": "object"}, "A": {"type": "string"}}}}""";

    @Test
    void the_server_address_is_no_part_of_the_comparison_and_key_order_neither() {
        var here = OpenApiDocuments.normalized(OpenApiDocuments.parse(DOCUMENT));
        var elsewhere = OpenApiDocuments.normalized(OpenApiDocuments.parse(DOCUMENT.replace("41234", "8080")
                .replace(
                        "\"Z\": {\"type\": \"object\"}, \"A\": {\"type\": \"string\"}",
                        "\"A\": {\"type\": \"string\"}, \"Z\": {\"type\": \"object\"}")));

        assertThat(here).isEqualTo(elsewhere).doesNotContain("localhost").endsWith("}\n");
        assertThat(here.indexOf("\"/api/v1/a\"")).isLessThan(here.indexOf("\"/api/v1/b\""));
        assertThat(here.indexOf("\"components\"")).isLessThan(here.indexOf("\"openapi\""));
    }

    @Test
    void a_difference_names_the_operations_and_schemas_added_removed_and_changed() {
        var before = OpenApiDocuments.normalized(OpenApiDocuments.parse(DOCUMENT));
        var after = OpenApiDocuments.normalized(OpenApiDocuments.parse(
                DOCUMENT.replace("\"/api/v1/b\": {\"get\": {\"operationId\": \"b\"}}", "\"/api/v1/c\": {\"post\": {}}")
                        .replace("\"operationId\": \"a\"", "\"operationId\": \"a2\"")
                        .replace("\"A\": {\"type\": \"string\"}", "\"A\": {\"type\": \"integer\"}")));

        assertThat(OpenApiDocuments.difference(before, after))
                .contains("added operation: POST /api/v1/c")
                .contains("removed operation: GET /api/v1/b")
                .contains("changed operation: GET /api/v1/a")
                .contains("changed schema: A")
                .doesNotContain("schema: Z")
                .contains("First difference at line");
        assertThat(before).isNotEqualTo(after);
    }

    @Test
    void path_variables_lose_their_patterns_as_the_document_writes_them() {
        assertThat(OpenApiDocuments.withoutPatterns("/api/v1/users/{id:[0-9]{1,18}}/devices/{device}"))
                .isEqualTo("/api/v1/users/{id}/devices/{device}");
        assertThat(OpenApiDocuments.withoutPatterns("/api/v1/me")).isEqualTo("/api/v1/me");
    }
}

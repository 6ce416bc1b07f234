package dev.tunnelgate.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** What the portal takes from the SCIM library, and the few shapes it adjusts for Entra ID. */
class ScimLibraryTest {
    private static ObjectNode json(String text) {
        return (ObjectNode) ScimClient.JSON.readTree(text);
    }

    private static final String USER = """
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"7","userName":"a@example.com",
             "active":true,"emails":[{"value":"a@example.com","type":"work","primary":true}]}""";

    private static ObjectNode patch(String base, String operations) {
        return ScimLibrary.patch(
                json(base),
                json("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":" + operations
                        + "}"),
                UserDocument.SCHEMA);
    }

    @Test
    void filters_are_one_eq_on_a_listed_attribute() {
        var equality = ScimLibrary.filter("USERNAME eq \"Bob\"", UserDocument.FILTERABLE);
        assertThat(equality).isEqualTo(new ScimLibrary.Equality("userName", "Bob"));
        assertThat(ScimLibrary.filter("externalId Eq \"x y\"", UserDocument.FILTERABLE))
                .isEqualTo(new ScimLibrary.Equality("externalId", "x y"));
        assertThat(ScimLibrary.filter(" ", UserDocument.FILTERABLE)).isNull();
        for (var refused : new String[] {"userName ne \"x\"", "userName eq 1", "displayName eq \"x\"", "userName pr"}) {
            assertThatThrownBy(() -> ScimLibrary.filter(refused, UserDocument.FILTERABLE))
                    .as(refused)
                    .isInstanceOfSatisfying(
                            ScimRefusal.class, e -> assertThat(e.scimType()).isEqualTo("invalidFilter"));
        }
    }

    @Test
    void an_entra_add_to_an_existing_work_address_replaces_it_and_a_replace_of_a_missing_one_adds_it() {
        var added = patch(USER, """
                [{"op":"Add","path":"emails[type eq \\"work\\"].value","value":"b@example.com"}]""");
        assertThat(added.get("emails")).hasSize(1);
        assertThat(added.at("/emails/0/value").asString()).isEqualTo("b@example.com");

        var bare = "{\"userName\":\"a@example.com\"}";
        var replaced = patch(bare, """
                [{"op":"Replace","path":"emails[type eq \\"work\\"].value","value":"c@example.com"}]""");
        assertThat(replaced.at("/emails/0/value").asString()).isEqualTo("c@example.com");
        assertThat(replaced.at("/emails/0/type").asString()).isEqualTo("work");
    }

    @Test
    void okta_and_entra_member_removals_and_no_path_replacements_apply() {
        var group = "{\"displayName\":\"g\",\"members\":[{\"value\":\"1\"},{\"value\":\"2\"},{\"value\":\"3\"}]}";
        assertThat(patch(group, "[{\"op\":\"Remove\",\"path\":\"members\",\"value\":[{\"value\":\"1\"}]}]")
                        .get("members")
                        .toString())
                .doesNotContain("\"1\"")
                .contains("\"2\"", "\"3\"");
        assertThat(patch(group, "[{\"op\":\"remove\",\"path\":\"members[value eq \\\"2\\\"]\"}]")
                        .get("members"))
                .hasSize(2);
        assertThat(patch(USER, "[{\"op\":\"replace\",\"value\":{\"id\":\"7\",\"active\":false}}]")
                        .get("active")
                        .asBoolean())
                .isFalse();
        assertThat(patch(
                                USER,
                                "[{\"op\":\"Replace\",\"path\":\"urn:ietf:params:scim:schemas:core:2.0:User:userName\","
                                        + "\"value\":\"z@example.com\"}]")
                        .get("userName")
                        .asString())
                .isEqualTo("z@example.com");
    }

    @Test
    void patches_the_library_cannot_read_or_apply_are_refusals() {
        for (var operations : new String[] {
            "[{\"op\":\"move\",\"path\":\"userName\"}]",
            "[]",
            "[{\"op\":\"remove\"}]",
            "[{\"op\":\"replace\",\"path\":\"userName\",\"value\":null}]",
            "[{\"op\":\"add\",\"path\":\"emails[type ne \\\"work\\\"].value\",\"value\":\"x\"}]",
            "[{\"op\":\"add\",\"path\":\"((\",\"value\":\"x\"}]"
        }) {
            assertThatThrownBy(() -> patch(USER, operations))
                    .as(operations)
                    .isInstanceOfSatisfying(
                            ScimRefusal.class, e -> assertThat(e.status()).isEqualTo(400));
        }
    }
}

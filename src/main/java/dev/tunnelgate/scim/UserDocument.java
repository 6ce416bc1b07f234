package dev.tunnelgate.scim;

import dev.tunnelgate.identity.ProvisionedUser;
import dev.tunnelgate.identity.ProvisionedUsers;
import dev.tunnelgate.text.SafeText;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What this portal keeps of a SCIM User (RFC 7643 section 4.1), read from a request's JSON tree: userName, externalId,
 * a display name, one e-mail address, active. Attribute names are matched ignoring case; attributes it does not keep
 * (password, phone numbers, extensions) are ignored. Texts with control characters, line breaks or invisible format
 * characters are refused, never cleaned up silently.
 */
record UserDocument(
        String userName,
        @Nullable String externalId,
        String displayName,
        @Nullable String email,
        @Nullable Boolean active) {
    static final String SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

    /** The attributes a list may be filtered by, keyed by lower-case name. */
    static final java.util.Map<String, String> FILTERABLE =
            java.util.Map.of("username", "userName", "externalid", "externalId");

    static UserDocument read(ObjectNode user) {
        var userName = text(user, "userName", ProvisionedUsers.ATTRIBUTE_MAX_LENGTH);
        if (userName == null) {
            throw ScimRefusal.invalidValue("userName is required");
        }
        var externalId = text(user, "externalId", ProvisionedUsers.ATTRIBUTE_MAX_LENGTH);
        var displayName = text(user, "displayName", Integer.MAX_VALUE);
        if (displayName == null && get(user, "name") instanceof ObjectNode name) {
            displayName = text(name, "formatted", Integer.MAX_VALUE);
            if (displayName == null) {
                var given = text(name, "givenName", Integer.MAX_VALUE);
                var family = text(name, "familyName", Integer.MAX_VALUE);
                var joined = ((given == null ? "" : given) + " " + (family == null ? "" : family)).strip();
                displayName = joined.isEmpty() ? null : joined;
            }
        }
        return new UserDocument(
                userName,
                externalId,
                SafeText.oneLine(
                        displayName == null ? userName : displayName, ProvisionedUsers.DISPLAY_NAME_MAX_LENGTH, ""),
                email(user),
                active(user));
    }

    /** The user as SCIM shows it, without {@code meta} (which the caller adds). */
    static ObjectNode render(ProvisionedUser user) {
        var node = ScimJson.nodes().objectNode();
        node.putArray("schemas").add(SCHEMA);
        node.put("id", Long.toString(user.id()));
        if (user.externalId() != null) {
            node.put("externalId", user.externalId());
        }
        node.put("userName", user.userName());
        node.put("displayName", user.displayName());
        node.put("active", user.active());
        if (user.email() != null) {
            var email = node.putArray("emails").addObject();
            email.put("value", user.email());
            email.put("type", "work");
            email.put("primary", true);
        }
        return node;
    }

    /** The attribute's value, found ignoring case (SCIM attribute names are case-insensitive). */
    static @Nullable JsonNode get(ObjectNode node, String attribute) {
        var exact = node.get(attribute);
        if (exact != null) {
            return exact;
        }
        for (var name : node.propertyNames()) {
            if (name.equalsIgnoreCase(attribute)) {
                return node.get(name);
            }
        }
        return null;
    }

    /** A string attribute, or null when absent, null or empty; refused when it is no string, too long or unsafe. */
    static @Nullable String text(ObjectNode node, String attribute, int max) {
        var value = get(node, attribute);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw ScimRefusal.invalidValue(attribute + " must be a string");
        }
        var text = value.asString();
        if (text.isEmpty()) {
            return null;
        }
        if (!text.codePoints().allMatch(SafeText::isSafe)) {
            throw ScimRefusal.invalidValue(attribute + " contains control, line-break or invisible format characters");
        }
        if (text.codePointCount(0, text.length()) > max) {
            throw ScimRefusal.invalidValue(attribute + " is longer than " + max + " characters");
        }
        return text;
    }

    /** The primary e-mail address, else the work one, else the first; null when there is none. */
    private static @Nullable String email(ObjectNode user) {
        var emails = get(user, "emails");
        if (emails == null || emails.isNull()) {
            return null;
        }
        if (!emails.isArray()) {
            throw ScimRefusal.invalidValue("emails must be a list");
        }
        ObjectNode chosen = null;
        int rank = Integer.MAX_VALUE;
        for (var email : emails) {
            if (!(email instanceof ObjectNode entry)) {
                throw ScimRefusal.invalidValue("Each of emails must be an object");
            }
            var primary = get(entry, "primary");
            var type = text(entry, "type", 64);
            int entryRank = primary != null && bool(primary, "emails.primary") == Boolean.TRUE
                    ? 0
                    : "work".equalsIgnoreCase(type) ? 1 : 2;
            if (entryRank < rank) {
                chosen = entry;
                rank = entryRank;
            }
        }
        if (chosen == null) {
            return null;
        }
        var value = text(chosen, "value", ProvisionedUsers.EMAIL_MAX_LENGTH);
        if (value != null && !EMAIL.matcher(value).matches()) {
            throw ScimRefusal.invalidValue("emails.value is not an e-mail address");
        }
        return value;
    }

    private static @Nullable Boolean active(ObjectNode user) {
        var active = get(user, "active");
        return active == null || active.isNull() ? null : bool(active, "active");
    }

    /** A boolean; Entra ID's older "True"/"False" strings are read as booleans too. */
    private static Boolean bool(JsonNode value, String attribute) {
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isString()) {
            switch (value.asString().toLowerCase(Locale.ROOT)) {
                case "true" -> {
                    return true;
                }
                case "false" -> {
                    return false;
                }
                default -> {}
            }
        }
        throw ScimRefusal.invalidValue(attribute + " must be true or false");
    }
}

package dev.tunnelgate.scim;

import com.unboundid.scim2.common.GenericScimResource;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.EqualFilter;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.messages.PatchRequest;
import com.unboundid.scim2.common.utils.JsonUtils;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What this portal takes from the SCIM library: parsing filters, and parsing and applying PATCH requests (attribute
 * paths with value filters such as {@code members[value eq "7"]}, case-insensitive attribute names, the operation
 * spellings and non-standard forms that Entra ID and Okta send). Its refusals become {@link ScimRefusal}s.
 */
final class ScimLibrary {
    /** The longest filter taken; real clients send one comparison. */
    static final int FILTER_MAX_LENGTH = 1000;

    private ScimLibrary() {}

    /** One {@code attribute eq "value"} comparison, the attribute in the spelling of {@code attributes}. */
    record Equality(String attribute, String value) {}

    /**
     * Parses a list filter. Only {@code eq} on one of {@code attributes} (keyed by lower-case name) with a string is
     * supported; anything else, or text that is no filter, is refused as {@code invalidFilter}. Null or blank: null.
     */
    static @Nullable Equality filter(@Nullable String text, Map<String, String> attributes) {
        if (text == null || text.isBlank()) {
            return null;
        }
        if (text.length() > FILTER_MAX_LENGTH) {
            throw ScimRefusal.invalidFilter("The filter is longer than %d characters".formatted(FILTER_MAX_LENGTH));
        }
        Filter filter;
        try {
            filter = Filter.fromString(text);
        } catch (ScimException e) {
            throw ScimRefusal.invalidFilter("The filter cannot be parsed");
        }
        if (!(filter instanceof EqualFilter equal)) {
            throw ScimRefusal.invalidFilter("Only 'eq' comparisons are supported");
        }
        var path = equal.getAttributePath();
        var unsupported =
                ScimRefusal.invalidFilter("Filtering is supported on " + String.join(", ", attributes.values()));
        if (path == null
                || path.size() != 1
                || path.getSchemaUrn() != null
                || path.getElement(0).getValueFilter() != null) {
            throw unsupported;
        }
        var attribute = attributes.get(path.getElement(0).getAttribute().toLowerCase(Locale.ROOT));
        if (attribute == null) {
            throw unsupported;
        }
        var value = equal.getComparisonValue();
        if (value == null || !value.isString()) {
            throw ScimRefusal.invalidFilter("The value compared with must be a string");
        }
        return new Equality(attribute, value.asString());
    }

    /**
     * Applies a PATCH request body (RFC 7644 section 3.5.2) to a resource of the core schema {@code schema}; returns
     * the changed copy.
     */
    static ObjectNode patch(ObjectNode resource, ObjectNode request, String schema) {
        PatchRequest patch;
        try {
            patch = JsonUtils.getObjectReader()
                    .forType(PatchRequest.class)
                    .readValue(normalized(resource, request, schema));
        } catch (JacksonException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof ScimException refused) {
                    throw refusal(refused);
                }
            }
            throw ScimRefusal.invalidSyntax("The PATCH request does not have the shape of a SCIM PatchOp");
        }
        if (patch.getOperations() == null || patch.getOperations().isEmpty()) {
            throw ScimRefusal.invalidSyntax("The PATCH request has no Operations");
        }
        try {
            return patch.apply(new GenericScimResource(resource.deepCopy())).getObjectNode();
        } catch (ScimException e) {
            throw refusal(e);
        }
    }

    /**
     * The request with what Entra ID sends and the library reads otherwise: an {@code add} to a value-filtered
     * sub-attribute that exists ({@code emails[type eq "work"].value}) replaces it, as RFC 7644 section 3.5.2.1 has
     * an add to a single-valued target do (the library refuses it); a {@code replace} of one that does not exist adds
     * it; a path spelled with the resource's own core schema URN is the plain attribute.
     */
    private static ObjectNode normalized(ObjectNode resource, ObjectNode request, String schema) {
        var copy = request.deepCopy();
        for (var name : copy.propertyNames()) {
            if (!name.equalsIgnoreCase("Operations") || !copy.get(name).isArray()) {
                continue;
            }
            for (var operation : copy.get(name)) {
                if (operation instanceof ObjectNode op
                        && op.get("path") instanceof JsonNode pathNode
                        && pathNode.isString()) {
                    var path = pathNode.asString();
                    if (path.regionMatches(true, 0, schema + ":", 0, schema.length() + 1)) {
                        path = path.substring(schema.length() + 1);
                        op.put("path", path);
                    }
                    rewriteValueFilteredOp(resource, op, path);
                }
            }
        }
        return copy;
    }

    private static void rewriteValueFilteredOp(ObjectNode resource, ObjectNode op, String pathText) {
        var opName = op.path("op").asString("");
        Path path;
        try {
            path = Path.fromString(pathText);
        } catch (ScimException e) {
            throw refusal(e);
        }
        if (path.size() != 2 || path.getElement(0).getValueFilter() == null) {
            return;
        }
        boolean exists;
        try {
            exists = JsonUtils.pathExists(path, resource);
        } catch (ScimException e) {
            throw refusal(e);
        }
        if (opName.equalsIgnoreCase("add") && exists) {
            op.put("op", "replace");
        } else if (opName.equalsIgnoreCase("replace") && !exists) {
            op.put("op", "add");
        }
    }

    private static ScimRefusal refusal(ScimException e) {
        var error = e.getScimError();
        var status = error.getStatus();
        return new ScimRefusal(
                status == null ? 400 : status,
                error.getScimType(),
                error.getDetail() == null ? "The PATCH request cannot be applied" : error.getDetail());
    }
}

package dev.tunnelgate.scim;

import com.unboundid.scim2.common.utils.JsonUtils;
import dev.tunnelgate.text.SafeText;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * SCIM bodies as JSON trees, read and written with the SCIM library's mapper (not Spring MVC's, which refuses unknown
 * properties: SCIM clients send attributes this portal does not keep, and RFC 7644 has them ignored). Request bodies
 * are read up to a size limit; responses are {@code application/scim+json}.
 */
final class ScimJson {
    static final MediaType MEDIA_TYPE = MediaType.parseMediaType("application/scim+json;charset=UTF-8");
    static final String ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
    static final String LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    static final String PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    private ScimJson() {}

    static JsonNodeFactory nodes() {
        return JsonUtils.getJsonNodeFactory();
    }

    /** The request body as a JSON object; refused when it is larger than {@code limit} bytes or not an object. */
    static ObjectNode readObject(InputStream body, int limit) throws IOException {
        var bytes = body.readNBytes(limit + 1);
        if (bytes.length > limit) {
            throw new ScimRefusal(413, null, "The request body is larger than %d bytes".formatted(limit));
        }
        if (bytes.length == 0) {
            throw ScimRefusal.invalidSyntax("The request has no body");
        }
        JsonNode tree;
        try {
            tree = JsonUtils.getObjectReader().readTree(new String(bytes, StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            throw ScimRefusal.invalidSyntax("The request body is not valid JSON");
        }
        if (tree == null || !tree.isObject()) {
            throw ScimRefusal.invalidSyntax("The request body is not a JSON object");
        }
        return (ObjectNode) tree;
    }

    static String write(JsonNode node) {
        return JsonUtils.getObjectWriter().writeValueAsString(node);
    }

    static ResponseEntity<String> response(HttpStatus status, JsonNode body) {
        return ResponseEntity.status(status).contentType(MEDIA_TYPE).body(write(body));
    }

    static ObjectNode error(int status, @Nullable String scimType, String detail) {
        var error = nodes().objectNode();
        error.putArray("schemas").add(ERROR_SCHEMA);
        error.put("status", Integer.toString(status));
        if (scimType != null) {
            error.put("scimType", scimType);
        }
        error.put("detail", SafeText.oneLine(detail, 300, "?"));
        return error;
    }

    static ResponseEntity<String> errorResponse(int status, @Nullable String scimType, String detail) {
        return ResponseEntity.status(status).contentType(MEDIA_TYPE).body(write(error(status, scimType, detail)));
    }

    /** Writes an error where no controller runs (the security filter). */
    static void writeError(HttpServletResponse response, int status, @Nullable String scimType, String detail)
            throws IOException {
        response.setStatus(status);
        response.setContentType(MEDIA_TYPE.toString());
        response.getOutputStream().write(write(error(status, scimType, detail)).getBytes(StandardCharsets.UTF_8));
    }
}

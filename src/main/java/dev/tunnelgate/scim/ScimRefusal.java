package dev.tunnelgate.scim;

import org.jspecify.annotations.Nullable;

/**
 * A refused SCIM request, answered as a SCIM error (RFC 7644 section 3.12): the HTTP status, the {@code scimType} for
 * a 400 or 409 (such as {@code invalidFilter}), and a detail that never echoes what the client sent.
 */
class ScimRefusal extends RuntimeException {
    private final int status;
    private final @Nullable String scimType;

    ScimRefusal(int status, @Nullable String scimType, String detail) {
        super(detail);
        this.status = status;
        this.scimType = scimType;
    }

    static ScimRefusal invalidValue(String detail) {
        return new ScimRefusal(400, "invalidValue", detail);
    }

    static ScimRefusal invalidSyntax(String detail) {
        return new ScimRefusal(400, "invalidSyntax", detail);
    }

    static ScimRefusal invalidFilter(String detail) {
        return new ScimRefusal(400, "invalidFilter", detail);
    }

    static ScimRefusal mutability(String detail) {
        return new ScimRefusal(400, "mutability", detail);
    }

    static ScimRefusal uniqueness(String detail) {
        return new ScimRefusal(409, "uniqueness", detail);
    }

    static ScimRefusal notFound(String detail) {
        return new ScimRefusal(404, null, detail);
    }

    int status() {
        return status;
    }

    @Nullable
    String scimType() {
        return scimType;
    }
}

package dev.tunnelgate.scim;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import tools.jackson.databind.node.ObjectNode;

/**
 * List responses (RFC 7644 section 3.4.2): {@code startIndex} counts from 1, {@code count} is how many at most (at
 * most {@link #MAX_COUNT}, {@link #DEFAULT_COUNT} when not given); values out of range are clamped as the RFC says.
 */
record ScimPaging(int startIndex, int count) {
    static final int DEFAULT_COUNT = 100;
    static final int MAX_COUNT = 200;

    static ScimPaging of(@Nullable String startIndex, @Nullable String count) {
        int start = parse(startIndex, "startIndex", 1);
        int size = parse(count, "count", DEFAULT_COUNT);
        return new ScimPaging(Math.max(start, 1), Math.min(Math.max(size, 0), MAX_COUNT));
    }

    int offset() {
        return startIndex - 1;
    }

    /** The list response for one page of {@code resources} out of {@code total}. */
    ObjectNode response(List<ObjectNode> resources, long total) {
        var list = ScimJson.nodes().objectNode();
        list.putArray("schemas").add(ScimJson.LIST_SCHEMA);
        list.put("totalResults", total);
        list.put("startIndex", startIndex);
        list.put("itemsPerPage", resources.size());
        list.putArray("Resources").addAll(resources);
        return list;
    }

    private static int parse(@Nullable String text, String name, int absent) {
        if (text == null || text.isBlank()) {
            return absent;
        }
        if (!text.strip().matches("-?[0-9]{1,9}")) {
            throw ScimRefusal.invalidValue(name + " must be an integer");
        }
        return Integer.parseInt(text.strip());
    }

    /** Where the SCIM endpoint is, as the client reached it (for meta.location). */
    static String base() {
        return ServletUriComponentsBuilder.fromCurrentContextPath()
                .path(ScimSecurity.PATH)
                .toUriString();
    }

    /** Adds {@code meta} (RFC 7643 section 3.1) to a rendered resource. */
    static ObjectNode withMeta(
            ObjectNode resource,
            String resourceType,
            String path,
            java.time.Instant created,
            java.time.Instant modified) {
        var meta = resource.putObject("meta");
        meta.put("resourceType", resourceType);
        meta.put("created", created.toString());
        meta.put("lastModified", modified.toString());
        meta.put("location", base() + path);
        return resource;
    }
}

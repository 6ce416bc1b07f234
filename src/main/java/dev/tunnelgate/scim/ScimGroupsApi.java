package dev.tunnelgate.scim;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ObjectNode;

/**
 * /scim/v2/Groups (RFC 7644 section 3): HTTP in and out; {@link ScimGroups} decides. {@code excludedAttributes=members}
 * (as Entra ID asks) leaves the member list out; a PATCH is answered 204 without a body, as RFC 7644 allows.
 */
@ScimEndpoint
@RestController
@RequestMapping(ScimSecurity.PATH + "/Groups")
class ScimGroupsApi {
    /** A group's full member list fits: some 10,000 members with their display names. */
    static final int BODY_LIMIT = 1024 * 1024;

    private final ScimGroups groups;

    ScimGroupsApi(ScimGroups groups) {
        this.groups = groups;
    }

    @PostMapping
    ResponseEntity<String> create(HttpServletRequest request) throws IOException {
        var group = groups.create(GroupDocument.read(ScimJson.readObject(request.getInputStream(), BODY_LIMIT)));
        var body = render(group, true);
        return ResponseEntity.created(
                        URI.create(body.path("meta").path("location").asString()))
                .contentType(ScimJson.MEDIA_TYPE)
                .body(ScimJson.write(body));
    }

    @GetMapping
    ResponseEntity<String> list(
            @RequestParam(required = false) @Nullable String filter,
            @RequestParam(required = false) @Nullable String startIndex,
            @RequestParam(required = false) @Nullable String count,
            @RequestParam(required = false) @Nullable String excludedAttributes) {
        var paging = ScimPaging.of(startIndex, count);
        var equality = ScimLibrary.filter(filter, GroupDocument.FILTERABLE);
        var match = equality == null
                ? ScimGroups.Match.ALL
                : equality.attribute().equals("displayName")
                        ? ScimGroups.Match.DISPLAY_NAME
                        : ScimGroups.Match.EXTERNAL_ID;
        var value = equality == null ? "" : equality.value();
        var withMembers = withMembers(excludedAttributes);
        var page = groups.list(match, value, paging.offset(), paging.count()).stream()
                .map(group -> render(group, withMembers))
                .toList();
        return ScimJson.response(HttpStatus.OK, paging.response(page, groups.count(match, value)));
    }

    @GetMapping("/{id}")
    ResponseEntity<String> get(
            @PathVariable String id, @RequestParam(required = false) @Nullable String excludedAttributes) {
        var group = groups.find(parse(id)).orElseThrow(() -> ScimRefusal.notFound("No such group"));
        return ScimJson.response(HttpStatus.OK, render(group, withMembers(excludedAttributes)));
    }

    @PutMapping("/{id}")
    ResponseEntity<String> replace(@PathVariable String id, HttpServletRequest request) throws IOException {
        var groupId = parse(id);
        var document = GroupDocument.read(ScimJson.readObject(request.getInputStream(), BODY_LIMIT));
        return ScimJson.response(HttpStatus.OK, render(groups.replace(groupId, document), true));
    }

    @PatchMapping("/{id}")
    ResponseEntity<Void> patch(@PathVariable String id, HttpServletRequest request) throws IOException {
        var groupId = parse(id);
        groups.patch(groupId, ScimJson.readObject(request.getInputStream(), BODY_LIMIT));
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id) {
        groups.delete(parse(id));
        return ResponseEntity.noContent().build();
    }

    private static long parse(String id) {
        return ScimIds.parse(id).orElseThrow(() -> ScimRefusal.notFound("No such group"));
    }

    private static boolean withMembers(@Nullable String excludedAttributes) {
        return excludedAttributes == null
                || Arrays.stream(excludedAttributes.split(","))
                        .map(a -> a.strip().toLowerCase(Locale.ROOT))
                        .noneMatch(a -> a.equals("members")
                                || a.equals(GroupDocument.SCHEMA.toLowerCase(Locale.ROOT) + ":members"));
    }

    private ObjectNode render(ScimGroups.Group group, boolean withMembers) {
        return ScimPaging.withMeta(
                GroupDocument.render(group, withMembers ? groups.members(group.id()) : null),
                "Group",
                "/Groups/" + group.id(),
                group.createdAt(),
                group.updatedAt());
    }
}

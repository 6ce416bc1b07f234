package dev.tunnelgate.scim;

import dev.tunnelgate.identity.ProvisionedUser;
import dev.tunnelgate.identity.ProvisionedUsers;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
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

/** /scim/v2/Users (RFC 7644 section 3): HTTP in and out; {@link ScimUsers} decides. */
@ScimEndpoint
@RestController
@RequestMapping(ScimSecurity.PATH + "/Users")
class ScimUsersApi {
    /** Far more than any user document an identity provider sends. */
    static final int BODY_LIMIT = 64 * 1024;

    private final ScimUsers users;

    ScimUsersApi(ScimUsers users) {
        this.users = users;
    }

    @PostMapping
    ResponseEntity<String> create(HttpServletRequest request) throws IOException {
        var user = users.create(UserDocument.read(ScimJson.readObject(request.getInputStream(), BODY_LIMIT)));
        var body = render(user);
        return ResponseEntity.created(
                        URI.create(body.path("meta").path("location").asString()))
                .contentType(ScimJson.MEDIA_TYPE)
                .body(ScimJson.write(body));
    }

    @GetMapping
    ResponseEntity<String> list(
            @RequestParam(required = false) @Nullable String filter,
            @RequestParam(required = false) @Nullable String startIndex,
            @RequestParam(required = false) @Nullable String count) {
        var paging = ScimPaging.of(startIndex, count);
        var equality = ScimLibrary.filter(filter, UserDocument.FILTERABLE);
        var match = equality == null
                ? ProvisionedUsers.Match.ALL
                : equality.attribute().equals("userName")
                        ? ProvisionedUsers.Match.USER_NAME
                        : ProvisionedUsers.Match.EXTERNAL_ID;
        var page = users.list(match, equality == null ? "" : equality.value(), paging.offset(), paging.count());
        return ScimJson.response(
                HttpStatus.OK,
                paging.response(page.users().stream().map(ScimUsersApi::render).toList(), page.total()));
    }

    @GetMapping("/{id}")
    ResponseEntity<String> get(@PathVariable String id) {
        return ScimJson.response(HttpStatus.OK, render(users.get(parse(id))));
    }

    @PutMapping("/{id}")
    ResponseEntity<String> replace(@PathVariable String id, HttpServletRequest request) throws IOException {
        var userId = parse(id);
        var document = UserDocument.read(ScimJson.readObject(request.getInputStream(), BODY_LIMIT));
        return ScimJson.response(HttpStatus.OK, render(users.replace(userId, document)));
    }

    @PatchMapping("/{id}")
    ResponseEntity<String> patch(@PathVariable String id, HttpServletRequest request) throws IOException {
        var userId = parse(id);
        var patch = ScimJson.readObject(request.getInputStream(), BODY_LIMIT);
        return ScimJson.response(HttpStatus.OK, render(users.patch(userId, patch)));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id) {
        users.delete(parse(id));
        return ResponseEntity.noContent().build();
    }

    private static long parse(String id) {
        return ScimIds.parse(id).orElseThrow(() -> ScimRefusal.notFound("No such user"));
    }

    static ObjectNode render(ProvisionedUser user) {
        return ScimPaging.withMeta(
                UserDocument.render(user), "User", "/Users/" + user.id(), user.createdAt(), user.lastModified());
    }
}

package dev.tunnelgate.users;

import dev.tunnelgate.api.ApiEndpoint;
import dev.tunnelgate.api.ApiPage;
import dev.tunnelgate.api.ApiPaging;
import dev.tunnelgate.api.ApiSecurity;
import dev.tunnelgate.devices.Offboarding;
import dev.tunnelgate.identity.UserDirectory;
import dev.tunnelgate.identity.UserProfile;
import dev.tunnelgate.identity.UserRow;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Everyone who has signed in, for admins and auditors; admins offboard a leaver (every device revoked, sign-in and
 * tokens refused) and restore an account, as on the user's page.
 */
@ApiEndpoint
@RestController
class UsersApi {
    private static final String USERS = ApiSecurity.PATH + "/users";

    private final UserDirectory directory;
    private final Offboarding offboarding;

    UsersApi(UserDirectory directory, Offboarding offboarding) {
        this.directory = directory;
        this.offboarding = offboarding;
    }

    /** What an offboarding did. */
    record Offboarded(long userId, int devicesRevoked) {}

    @GetMapping(USERS)
    ApiPage<UserRow> list(
            @RequestParam(required = false) @Nullable Integer page,
            @RequestParam(required = false) @Nullable Integer size) {
        return ApiPaging.page(directory.list(ApiPaging.of(page, size)));
    }

    @GetMapping(USERS + "/{id}")
    UserProfile get(@PathVariable long id) {
        return directory.profile(id);
    }

    @PostMapping(USERS + "/{id}/offboard")
    Offboarded offboard(@PathVariable long id) {
        return new Offboarded(id, offboarding.offboard(id));
    }

    @PostMapping(USERS + "/{id}/restore")
    ResponseEntity<Void> restore(@PathVariable long id) {
        directory.restore(id);
        return ResponseEntity.noContent().build();
    }
}

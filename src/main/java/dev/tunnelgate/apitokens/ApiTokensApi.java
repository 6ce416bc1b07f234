package dev.tunnelgate.apitokens;

import dev.tunnelgate.api.ApiEndpoint;
import dev.tunnelgate.api.ApiSecurity;
import dev.tunnelgate.identity.CurrentUser;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Who the token acts as, and the caller's own tokens: listed without secrets, revocable (never created here). */
@ApiEndpoint
@RestController
class ApiTokensApi {
    private final ApiTokenService tokens;
    private final CurrentUser currentUser;

    ApiTokensApi(ApiTokenService tokens, CurrentUser currentUser) {
        this.tokens = tokens;
        this.currentUser = currentUser;
    }

    /** The token's user, roles and scope. */
    record Me(long userId, String displayName, Set<String> roles, ApiTokenScope scope, long tokenId) {}

    @GetMapping(ApiSecurity.PATH + "/me")
    Me me() {
        var user = currentUser.require();
        if (!(SecurityContextHolder.getContext().getAuthentication() instanceof ApiTokenAuthentication token)) {
            throw new IllegalStateException("The API chain admits tokens only");
        }
        var roles = new TreeSet<String>();
        user.getAuthorities()
                .forEach(a -> roles.add(String.valueOf(a.getAuthority()).replaceFirst("^ROLE_", "")));
        return new Me(user.userId(), user.displayName(), roles, token.scope(), token.tokenId());
    }

    @GetMapping(ApiSecurity.PATH + "/tokens")
    List<ApiTokenRow> mine() {
        return tokens.mine();
    }

    @DeleteMapping(ApiSecurity.PATH + "/tokens/{id}")
    ResponseEntity<Void> revoke(@PathVariable long id) {
        tokens.revoke(id);
        return ResponseEntity.noContent().build();
    }
}

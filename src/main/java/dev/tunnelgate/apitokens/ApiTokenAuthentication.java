package dev.tunnelgate.apitokens;

import dev.tunnelgate.identity.PortalUser;
import java.util.ArrayList;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A request authenticated by a personal access token: the token's user with the user's current roles, plus the
 * token's scope as an authority ({@link #WRITE_AUTHORITY} only for read-write tokens). Services see the same
 * {@link PortalUser} as for a browser sign-in.
 */
public final class ApiTokenAuthentication extends AbstractAuthenticationToken {
    /** Held only by read-write tokens; the API's filter chain requires it for every method that changes something. */
    public static final String WRITE_AUTHORITY = "SCOPE_api.write";

    private final PortalUser user;
    private final long tokenId;
    private final ApiTokenScope scope;

    ApiTokenAuthentication(PortalUser user, long tokenId, ApiTokenScope scope) {
        super(authorities(user, scope));
        this.user = user;
        this.tokenId = tokenId;
        this.scope = scope;
        setAuthenticated(true);
    }

    private static ArrayList<GrantedAuthority> authorities(PortalUser user, ApiTokenScope scope) {
        var authorities = new ArrayList<GrantedAuthority>(user.getAuthorities());
        if (scope == ApiTokenScope.READ_WRITE) {
            authorities.add(new SimpleGrantedAuthority(WRITE_AUTHORITY));
        }
        return authorities;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public PortalUser getPrincipal() {
        return user;
    }

    public long tokenId() {
        return tokenId;
    }

    public ApiTokenScope scope() {
        return scope;
    }
}

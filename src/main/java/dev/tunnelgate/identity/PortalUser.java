package dev.tunnelgate.identity;

import java.util.Collection;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;

/** The signed-in principal: the OIDC user plus the portal's own account id. */
public class PortalUser extends DefaultOidcUser {
    private final long userId;
    private final String displayName;
    private final Set<String> groups;

    PortalUser(
            long userId,
            String displayName,
            Set<String> groups,
            Collection<? extends GrantedAuthority> authorities,
            OidcIdToken idToken,
            @Nullable OidcUserInfo userInfo) {
        super(authorities, idToken, userInfo);
        this.userId = userId;
        this.displayName = displayName;
        this.groups = Set.copyOf(groups);
    }

    public long userId() {
        return userId;
    }

    public String displayName() {
        return displayName;
    }

    /** The IdP groups at sign-in (for auto-approval), already read from the configured claim. */
    public Set<String> groups() {
        return groups;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof PortalUser other && super.equals(other) && userId == other.userId;
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + Long.hashCode(userId);
    }
}

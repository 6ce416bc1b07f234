package dev.tunnelgate.identity;

import java.util.Optional;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/** The signed-in user of the current request, for services that check ownership. */
@Component
public class CurrentUser {
    public Optional<PortalUser> get() {
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof PortalUser user
                ? Optional.of(user)
                : Optional.empty();
    }

    /** How audit events name the signed-in user: display name and account id. */
    public String actor() {
        return get().map(u -> actor(u.displayName(), u.userId())).orElse("system");
    }

    /** How audit events name a user as the actor; the trail of a user finds their events by {@link #actorTag}. */
    static String actor(String displayName, long userId) {
        return displayName + " " + actorTag(userId);
    }

    /** The end of every actor text of this user, such as {@code (user:7)}. */
    public static String actorTag(long userId) {
        return "(user:" + userId + ")";
    }

    /** Whether the signed-in user has this role (one of {@link Roles}); false when nobody is signed in. */
    public boolean hasRole(String role) {
        var authority = "ROLE_" + role;
        return get().map(u -> u.getAuthorities().stream().anyMatch(a -> authority.equals(a.getAuthority())))
                .orElse(false);
    }

    /** The signed-in user; fails when there is none, which a secured service method never sees. */
    public PortalUser require() {
        return get().orElseThrow(() -> new IllegalStateException("No signed-in user"));
    }
}

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
        return get().map(u -> u.displayName() + " (user:" + u.userId() + ")").orElse("system");
    }

    /** The signed-in user; fails when there is none, which a secured service method never sees. */
    public PortalUser require() {
        return get().orElseThrow(() -> new IllegalStateException("No signed-in user"));
    }
}

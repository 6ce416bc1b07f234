package dev.tunnelgate.identity;

import dev.tunnelgate.text.SafeText;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Component;

/**
 * Turns a validated OIDC login into a {@link PortalUser}: account keyed by (issuer, subject),
 * roles recomputed from the groups claim at every login.
 */
@Component
class OidcLoginUserService implements OAuth2UserService<OidcUserRequest, OidcUser> {
    static final String INVALID_IDENTITY = "invalid_identity";
    static final String ACCOUNT_OFFBOARDED = "account_offboarded";

    private final OidcUserService delegate = new OidcUserService();
    private final LoginRecorder recorder;
    private final IdentitySettings identitySettings;
    private final OidcSettings oidcSettings;

    OidcLoginUserService(LoginRecorder recorder, IdentitySettings identitySettings, OidcSettings oidcSettings) {
        this.recorder = recorder;
        this.identitySettings = identitySettings;
        this.oidcSettings = oidcSettings;
    }

    @Override
    public OidcUser loadUser(OidcUserRequest request) {
        var oidcUser = delegate.loadUser(request);
        var identity = identityOf(oidcUser);
        var roles = Roles.fromGroups(identity.groups(), identitySettings);
        var user = recorder.signedIn(identity, roles);
        if (user.isOffboarded()) {
            throw new OAuth2AuthenticationException(new OAuth2Error(
                    ACCOUNT_OFFBOARDED, "The account of user %d is offboarded".formatted(user.id()), null));
        }
        // An account whose groups SCIM assigns acts with those, not with the claim's.
        var groups = user.hasGroupsFromDirectory() ? recorder.recordedGroups(user.id()) : identity.groups();
        var granted = user.hasGroupsFromDirectory() ? Roles.fromGroups(groups, identitySettings) : roles;
        var authorities = granted.stream()
                .map(r -> new SimpleGrantedAuthority(r.authority()))
                .toList();
        return new PortalUser(
                user.id(), user.displayName(), groups, authorities, oidcUser.getIdToken(), oidcUser.getUserInfo());
    }

    OidcIdentity identityOf(OidcUser user) {
        var issuer = user.getIdToken().getIssuer();
        var subject = user.getSubject();
        if (issuer == null || subject == null || subject.isBlank()) {
            throw invalid("The identity provider sent no issuer or subject.");
        }
        var issuerText = issuer.toString();
        if (issuerText.length() > AppUser.ISSUER_MAX_LENGTH
                || subject.length() > AppUser.SUBJECT_MAX_LENGTH
                || hasControlCharacters(issuerText)
                || hasControlCharacters(subject)) {
            throw invalid("The identity provider sent an issuer or subject that is too long or malformed.");
        }
        var displayName = firstText(
                user.getClaimAsString(oidcSettings.displayNameClaim()),
                user.getFullName(),
                user.getPreferredUsername(),
                subject);
        return new OidcIdentity(
                issuerText,
                subject,
                clip(displayName, AppUser.DISPLAY_NAME_MAX_LENGTH),
                emailOrNull(user.getEmail()),
                groupsOf(user));
    }

    private Set<String> groupsOf(OidcUser user) {
        Object claim = user.getClaims().get(identitySettings.groupsClaim());
        Collection<?> values = switch (claim) {
            case null -> List.of();
            case Collection<?> c -> c;
            case String s -> List.of(s);
            default -> List.of();
        };
        var groups = new TreeSet<String>();
        for (var value : values) {
            if (value instanceof String s) {
                // Keycloak's group mapper may send full paths ("/tunnelgate-admins").
                groups.add(GroupNames.normalize(s));
            }
        }
        return groups;
    }

    private static String firstText(@Nullable String... candidates) {
        for (var candidate : candidates) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate.strip();
            }
        }
        return "";
    }

    private static @Nullable String emailOrNull(@Nullable String email) {
        if (email == null
                || email.length() > AppUser.EMAIL_MAX_LENGTH
                || hasControlCharacters(email)
                || !email.matches("[^@\\s]+@[^@\\s]+")) {
            return null;
        }
        return email;
    }

    /** Display names are shown and logged: keep one line of printable text. */
    private static String clip(String text, int max) {
        var clean = SafeText.oneLine(text, max, "").strip();
        return clean.isEmpty() ? "unnamed" : clean;
    }

    private static boolean hasControlCharacters(String text) {
        return !text.codePoints().allMatch(SafeText::isSafe);
    }

    private static OAuth2AuthenticationException invalid(String description) {
        return new OAuth2AuthenticationException(new OAuth2Error(INVALID_IDENTITY, description, null));
    }
}

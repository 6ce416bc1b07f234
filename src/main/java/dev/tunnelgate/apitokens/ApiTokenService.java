package dev.tunnelgate.apitokens;

import dev.tunnelgate.audit.AuditAction;
import dev.tunnelgate.audit.AuditLog;
import dev.tunnelgate.audit.AuditTarget;
import dev.tunnelgate.identity.CurrentUser;
import dev.tunnelgate.identity.UserDirectory;
import dev.tunnelgate.text.ConflictException;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.text.Message;
import dev.tunnelgate.text.NotFoundException;
import dev.tunnelgate.text.SafeText;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A user's personal access tokens: created in a signed-in browser session only (a token cannot mint a longer-lived
 * one), shown once, listed without their secret, revoked by their owner. Every change is audited.
 */
@Service
@Transactional(propagation = Propagation.REQUIRES_NEW)
@PreAuthorize("isAuthenticated()")
@EnableConfigurationProperties(ApiTokenSettings.class)
public class ApiTokenService {
    private final ApiTokenRepository tokens;
    private final UserDirectory users;
    private final CurrentUser currentUser;
    private final AuditLog audit;
    private final ApiTokenSettings settings;
    private final Clock clock;

    ApiTokenService(
            ApiTokenRepository tokens,
            UserDirectory users,
            CurrentUser currentUser,
            AuditLog audit,
            ApiTokenSettings settings,
            Clock clock) {
        this.tokens = tokens;
        this.users = users;
        this.currentUser = currentUser;
        this.audit = audit;
        this.settings = settings;
        this.clock = clock;
    }

    /** The longest lifetime a new token may have, as operators set it. */
    public Duration maxLifetime() {
        return settings.maxLifetime();
    }

    /**
     * Creates a token for the signed-in user. The returned secret is shown once; only its hash is kept. Refused from a
     * request that is itself authenticated by a token, for a lifetime beyond {@link #maxLifetime()}, and beyond
     * {@link ApiTokenSettings#maxPerUser()} usable tokens (counted under the user's row lock, so parallel requests
     * cannot pass the limit together).
     */
    public IssuedApiToken create(@Nullable String name, @Nullable ApiTokenScope scope, @Nullable Duration lifetime) {
        if (SecurityContextHolder.getContext().getAuthentication() instanceof ApiTokenAuthentication) {
            throw new InvalidInputException(Message.of("refusals.api-token.not-by-token"));
        }
        var user = currentUser.require();
        var cleanName = SafeText.clean(name, ApiTokenField.NAME, 1, ApiToken.NAME_MAX_LENGTH);
        if (scope == null) {
            throw new InvalidInputException(ApiTokenField.SCOPE, Message.of("refusals.api-token.scope-required"));
        }
        if (lifetime == null
                || lifetime.compareTo(Duration.ofDays(1)) < 0
                || lifetime.compareTo(settings.maxLifetime()) > 0) {
            throw new InvalidInputException(
                    ApiTokenField.LIFETIME,
                    Message.of(
                            "refusals.api-token.lifetime",
                            settings.maxLifetime().toDays()));
        }
        users.lockForUpdate(user.userId());
        users.requireActive(user.userId());
        var now = clock.instant();
        if (tokens.countUsable(user.userId(), now) >= settings.maxPerUser()) {
            throw new ConflictException(Message.of("refusals.api-token.limit", settings.maxPerUser()));
        }
        var token = tokens.saveAndFlush(new ApiToken(user.userId(), cleanName, scope, now, now.plus(lifetime)));
        var secret = ApiTokenAuthenticator.TOKENS.issue(token.id());
        token.setHash(ApiTokenAuthenticator.TOKENS.parse(secret).orElseThrow().hash());
        audit.record(
                currentUser.actor(),
                AuditAction.API_TOKEN_CREATED,
                AuditTarget.apiToken(token.id()),
                "name=%s scope=%s expires=%s".formatted(cleanName, scope, token.expiresAt()));
        return new IssuedApiToken(token.row(), secret);
    }

    /** The signed-in user's tokens, newest first, revoked and expired ones included. */
    @Transactional(propagation = Propagation.REQUIRES_NEW, readOnly = true)
    public List<ApiTokenRow> mine() {
        return tokens
                .findByUserIdOrderByCreatedAtDescIdDesc(currentUser.require().userId())
                .stream()
                .map(ApiToken::row)
                .toList();
    }

    /** Revokes one of the signed-in user's tokens at once; another user's token is "not found". */
    public void revoke(long tokenId) {
        var user = currentUser.require();
        var token = tokens.findById(tokenId)
                .filter(t -> t.userId() == user.userId())
                .orElseThrow(() -> new NotFoundException(Message.of("refusals.api-token.not-found", tokenId)));
        if (token.revokedAt() != null) {
            throw new ConflictException(Message.of("refusals.api-token.revoked-already"));
        }
        token.revoke(clock.instant());
        audit.record(
                currentUser.actor(),
                AuditAction.API_TOKEN_REVOKED,
                AuditTarget.apiToken(tokenId),
                "name=" + token.name());
    }
}

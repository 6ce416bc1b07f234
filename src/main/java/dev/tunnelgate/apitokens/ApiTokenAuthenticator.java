package dev.tunnelgate.apitokens;

import dev.tunnelgate.audit.AuditAction;
import dev.tunnelgate.audit.AuditTarget;
import dev.tunnelgate.audit.FailureAudit;
import dev.tunnelgate.identity.TokenPrincipals;
import dev.tunnelgate.secrets.BearerTokens;
import java.time.Clock;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Checks a personal access token. Every failure (malformed, unknown, wrong secret, revoked, expired, offboarded
 * user) looks the same to the caller, and is audited by {@link FailureAudit}: once a minute per token and reason,
 * unknown and malformed tokens sharing one window each, since their caller picks the id.
 */
@Component
@Transactional
class ApiTokenAuthenticator {
    static final BearerTokens TOKENS = new BearerTokens("tgp1");

    private final ApiTokenRepository tokens;
    private final TokenPrincipals principals;
    private final FailureAudit failures;
    private final Clock clock;

    ApiTokenAuthenticator(ApiTokenRepository tokens, TokenPrincipals principals, FailureAudit failures, Clock clock) {
        this.tokens = tokens;
        this.principals = principals;
        this.failures = failures;
        this.clock = clock;
    }

    Optional<ApiTokenAuthentication> authenticate(String token, String remoteAddress) {
        var parsed = TOKENS.parse(token);
        if (parsed.isEmpty()) {
            return fail(AuditTarget.unknownApiToken(), "malformed token", remoteAddress);
        }
        var stored = tokens.findById(parsed.get().id());
        if (stored.isEmpty()) {
            return fail(AuditTarget.unknownApiToken(), "no such token", remoteAddress);
        }
        var row = stored.get();
        var target = AuditTarget.apiToken(row.id());
        if (!BearerTokens.matches(parsed.get().hash(), row.tokenHash())) {
            return fail(target, "wrong secret", remoteAddress);
        }
        var now = clock.instant();
        if (row.revokedAt() != null) {
            return fail(target, "token is revoked", remoteAddress);
        }
        if (!row.expiresAt().isAfter(now)) {
            return fail(target, "token expired", remoteAddress);
        }
        var user = principals.of(row.userId(), now);
        if (user.isEmpty()) {
            return fail(target, "user is offboarded", remoteAddress);
        }
        tokens.markUsed(row.id(), now, now.minus(FailureAudit.WINDOW));
        return Optional.of(new ApiTokenAuthentication(user.get(), row.id(), row.scope()));
    }

    private Optional<ApiTokenAuthentication> fail(AuditTarget target, String reason, String remoteAddress) {
        failures.refused(AuditAction.API_AUTH_FAILED, target, reason, reason, remoteAddress);
        return Optional.empty();
    }
}

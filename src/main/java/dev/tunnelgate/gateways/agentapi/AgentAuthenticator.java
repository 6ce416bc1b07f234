package dev.tunnelgate.gateways.agentapi;

import dev.tunnelgate.audit.AuditAction;
import dev.tunnelgate.audit.AuditLog;
import dev.tunnelgate.audit.AuditTarget;
import dev.tunnelgate.gateways.CredentialCheck.Accepted;
import dev.tunnelgate.gateways.CredentialCheck.Malformed;
import dev.tunnelgate.gateways.CredentialCheck.NoSuchMember;
import dev.tunnelgate.gateways.CredentialCheck.Revoked;
import dev.tunnelgate.gateways.CredentialCheck.Wrong;
import dev.tunnelgate.gateways.MemberCredentials;
import dev.tunnelgate.text.SafeText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Checks a member credential. A failure of any kind (malformed, unknown member, revoked, wrong, rotated out)
 * looks the same to the caller. Failures are audited with their reason at most once a minute per member and
 * reason, the next event counting the ones in between, so that nobody can flood the append-only audit log:
 * credentials of members that do not exist, and malformed ones, share one window each, since their caller
 * chooses the id.
 */
@Component
@Transactional
class AgentAuthenticator {
    static final Duration AUDIT_WINDOW = Duration.ofMinutes(1);
    private static final int MAX_WINDOWS = 10_000;
    private static final Logger log = LoggerFactory.getLogger(AgentAuthenticator.class);

    private final MemberCredentials credentials;
    private final AuditLog audit;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /** Failures of one member and reason since the last audit event about them. */
    private record Window(Instant started, int suppressed) {}

    AgentAuthenticator(MemberCredentials credentials, AuditLog audit, Clock clock) {
        this.credentials = credentials;
        this.audit = audit;
        this.clock = clock;
    }

    Optional<AgentPrincipal> authenticate(String token, String remoteAddress) {
        return switch (credentials.check(token)) {
            case Malformed malformed -> fail(AuditTarget.unknownGatewayMember(), "malformed credential", remoteAddress);
            case NoSuchMember unknown ->
                fail(
                        AuditTarget.unknownGatewayMember(),
                        "no such member (id " + unknown.memberId() + ")",
                        "no such member",
                        remoteAddress);
            case Revoked revoked ->
                fail(AuditTarget.gatewayMember(revoked.memberId()), "member is revoked", remoteAddress);
            case Wrong wrong ->
                fail(AuditTarget.gatewayMember(wrong.memberId()), "wrong or rotated-out credential", remoteAddress);
            case Accepted member -> {
                var principal = new AgentPrincipal(member.memberId(), member.groupId(), member.memberName());
                if (member.previousRetired()) {
                    audit.record(
                            principal.actor(),
                            AuditAction.GATEWAY_CREDENTIAL_RETIRED,
                            AuditTarget.gatewayMember(member.memberId()),
                            "the new credential was used; the previous one no longer works");
                }
                yield Optional.of(principal);
            }
        };
    }

    private Optional<AgentPrincipal> fail(AuditTarget target, String reason, String remoteAddress) {
        return fail(target, reason, reason, remoteAddress);
    }

    /** @param window failures with the same target and window share one audit event a minute */
    private Optional<AgentPrincipal> fail(AuditTarget target, String reason, String window, String remoteAddress) {
        var now = clock.instant();
        var key = target + " " + window;
        var previous = new int[1];
        var current = windows.compute(key, (k, open) -> {
            if (open != null && open.started().isAfter(now.minus(AUDIT_WINDOW))) {
                return new Window(open.started(), open.suppressed() + 1);
            }
            previous[0] = open == null ? 0 : open.suppressed();
            return new Window(now, 0);
        });
        if (current.suppressed() == 0) {
            audit.record(
                    "anonymous",
                    AuditAction.GATEWAY_AUTH_FAILED,
                    target,
                    "reason=%s from=%s%s"
                            .formatted(
                                    reason,
                                    SafeText.oneLine(remoteAddress, 64, "?"),
                                    previous[0] == 0 ? "" : " (and " + previous[0] + " more before)"));
        } else {
            log.info(
                    "Refused gateway credential for {} ({}), {} time(s) since the last audit event",
                    target,
                    reason,
                    current.suppressed());
        }
        if (windows.size() > MAX_WINDOWS) {
            windows.values().removeIf(w -> w.started().isBefore(now.minus(AUDIT_WINDOW)));
        }
        return Optional.empty();
    }
}

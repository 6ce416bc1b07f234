package dev.tunnelgate.gateways.agentapi;

import dev.tunnelgate.audit.AuditAction;
import dev.tunnelgate.audit.AuditLog;
import dev.tunnelgate.audit.AuditTarget;
import dev.tunnelgate.audit.FailureAudit;
import dev.tunnelgate.gateways.CredentialCheck.Accepted;
import dev.tunnelgate.gateways.CredentialCheck.Malformed;
import dev.tunnelgate.gateways.CredentialCheck.NoSuchMember;
import dev.tunnelgate.gateways.CredentialCheck.Revoked;
import dev.tunnelgate.gateways.CredentialCheck.Wrong;
import dev.tunnelgate.gateways.MemberCredentials;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Checks a member credential. A failure of any kind (malformed, unknown member, revoked, wrong, rotated out)
 * looks the same to the caller. Failures are audited by {@link FailureAudit}, with their reason, at most once a minute per member and
 * reason, the next event counting the ones in between, so that nobody can flood the append-only audit log:
 * credentials of members that do not exist, and malformed ones, share one window each, since their caller
 * chooses the id.
 */
@Component
@Transactional
class AgentAuthenticator {

    private final MemberCredentials credentials;
    private final AuditLog audit;
    private final FailureAudit failures;

    AgentAuthenticator(MemberCredentials credentials, AuditLog audit, FailureAudit failures) {
        this.credentials = credentials;
        this.audit = audit;
        this.failures = failures;
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
        failures.refused(AuditAction.GATEWAY_AUTH_FAILED, target, reason, window, remoteAddress);
        return Optional.empty();
    }
}

package dev.tunnelgate.gateways;

import dev.tunnelgate.gateways.CredentialCheck.Accepted;
import dev.tunnelgate.gateways.CredentialCheck.Malformed;
import dev.tunnelgate.gateways.CredentialCheck.NoSuchMember;
import dev.tunnelgate.gateways.CredentialCheck.Revoked;
import dev.tunnelgate.gateways.CredentialCheck.Wrong;
import java.time.Clock;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Checks the credential an agent presents; the first use of a rotated credential ends the previous one. */
@Component
@Transactional
public class MemberCredentials {
    private final GatewayMemberRepository members;
    private final Clock clock;

    MemberCredentials(GatewayMemberRepository members, Clock clock) {
        this.members = members;
        this.clock = clock;
    }

    public CredentialCheck check(String token) {
        var parsed = GatewayCredentials.parse(token);
        if (parsed.isEmpty()) {
            return new Malformed();
        }
        var memberId = parsed.get().memberId();
        var member = members.findById(memberId).orElse(null);
        if (member == null) {
            return new NoSuchMember(memberId);
        }
        if (member.revoked()) {
            return new Revoked(memberId);
        }
        var hash = parsed.get().hash();
        var now = clock.instant();
        boolean retired = false;
        if (GatewayCredentials.matches(hash, member.credentialHash())) {
            if (member.previousCredentialHash() != null) {
                member.retirePreviousCredential();
                retired = true;
            }
        } else if (member.previousCredentialHash() != null
                && member.previousValidUntil() != null
                && now.isBefore(member.previousValidUntil())
                && GatewayCredentials.matches(hash, member.previousCredentialHash())) {
            // still within the rotation grace period
        } else {
            return new Wrong(memberId);
        }
        return new Accepted(memberId, member.groupId(), member.name(), retired);
    }
}

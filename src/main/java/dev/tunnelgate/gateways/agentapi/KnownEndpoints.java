package dev.tunnelgate.gateways.agentapi;

import dev.tunnelgate.devices.PeerStatusStore;
import dev.tunnelgate.gateways.GatewayMembers;
import dev.tunnelgate.gateways.agentapi.ReportRefusedException.Reason;
import dev.tunnelgate.protocol.KnownEndpoint;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Where the peers of an agent's group were last seen by any of the group's members (not revoked ones: a member revoked
 * because it misbehaved must not steer where the others send handshakes). Only the agent's own group: the credential
 * decides it, nothing in the request can name another.
 */
@Component
@Transactional(readOnly = true)
class KnownEndpoints {
    private final GatewayMembers members;
    private final PeerStatusStore peerStatus;

    KnownEndpoints(GatewayMembers members, PeerStatusStore peerStatus) {
        this.members = members;
        this.peerStatus = peerStatus;
    }

    List<KnownEndpoint> of(AgentPrincipal agent) {
        var member = members.reporting(agent.memberId()).orElseThrow();
        if (member.revoked()) {
            // revoked after its credential was checked
            throw new ReportRefusedException(Reason.MEMBER_REVOKED, "member revoked");
        }
        var known = peerStatus.knownEndpoints(members.activeMemberIds(member.groupId()), member.networkIds());
        // More than one answer may hold is more than the agent accepts: the newest ones are the useful ones.
        return known.size() <= KnownEndpoint.MAX_PER_ANSWER ? known : known.subList(0, KnownEndpoint.MAX_PER_ANSWER);
    }
}

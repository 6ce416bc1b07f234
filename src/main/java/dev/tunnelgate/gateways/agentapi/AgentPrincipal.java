package dev.tunnelgate.gateways.agentapi;

/** An authenticated gateway agent: one member of one group, nothing else. */
record AgentPrincipal(long memberId, long groupId, String memberName) {
    String actor() {
        return "gateway:" + memberName + "#" + memberId;
    }
}

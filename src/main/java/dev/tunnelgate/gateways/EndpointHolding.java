package dev.tunnelgate.gateways;

import java.util.List;

/**
 * Which members of a group hold its endpoint address (a VRRP pair's floating IP), as their agents last reported.
 *
 * @param holders       online members that report holding it: one is right, two or more is a split brain
 * @param staleHolders  offline members whose last report said they held it: nobody knows whether they still do
 * @param rolesReported whether any member (not revoked) reports a role at all; groups without VRRP (one gateway,
 *                      anycast, a load balancer) report none, and then nothing is wrong with nobody holding it
 * @param members       members not revoked
 */
public record EndpointHolding(List<String> holders, List<String> staleHolders, boolean rolesReported, int members) {
    public enum State {
        /** no member reports a role: the group does not use a floating address, or its agents are not told */
        NOT_REPORTED,
        /** exactly one online member holds it */
        HELD,
        /** two or more online members claim it at once */
        SPLIT_BRAIN,
        /** members report roles, but no online member holds it */
        NONE_HOLDS
    }

    public EndpointHolding {
        holders = List.copyOf(holders);
        staleHolders = List.copyOf(staleHolders);
    }

    public State state() {
        if (holders.size() > 1) {
            return State.SPLIT_BRAIN;
        }
        if (holders.size() == 1) {
            return State.HELD;
        }
        return rolesReported ? State.NONE_HOLDS : State.NOT_REPORTED;
    }
}

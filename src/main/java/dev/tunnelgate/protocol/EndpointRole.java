package dev.tunnelgate.protocol;

/**
 * Whether a member of a gateway group holds the group's endpoint address (the floating IP of a VRRP pair) right now.
 * Agents that are not told (no {@code --vip}, no keepalived notify) report no role at all.
 */
public enum EndpointRole {
    /** holds the endpoint address: clients' packets arrive here, replies leave from it */
    HOLDER,
    /** a standby member: carries the same peers, ready to take the address over */
    STANDBY
}

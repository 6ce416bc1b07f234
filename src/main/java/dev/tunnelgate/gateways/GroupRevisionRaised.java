package dev.tunnelgate.gateways;

/** A gateway group's desired state moved to {@code revision}; published inside the transaction of the change. */
public record GroupRevisionRaised(long groupId, String groupName, long revision) {}

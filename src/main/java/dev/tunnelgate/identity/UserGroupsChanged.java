package dev.tunnelgate.identity;

/** The user's recorded groups were replaced (and flushed); follows {@link UserGroupsChanging} in the same transaction. */
public record UserGroupsChanged(long userId) {}

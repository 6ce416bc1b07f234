package dev.tunnelgate.identity;

/**
 * A sign-in is about to replace the user's recorded groups with a different set: published inside the sign-in's
 * transaction, before the change, so that listeners can take note of what the old groups decide.
 */
public record UserGroupsChanging(long userId) {}

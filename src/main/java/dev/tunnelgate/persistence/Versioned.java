package dev.tunnelgate.persistence;

/**
 * A value and the version of the row it was read from, read together in one transaction: what the REST API hands out
 * as an ETag and expects back in If-Match, so that an update can refuse to overwrite a change it did not see.
 */
public record Versioned<T>(T value, int version) {}

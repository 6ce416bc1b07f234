package dev.tunnelgate.apitokens;

/** What a token may do on top of its user's roles: read only, or read and change. */
public enum ApiTokenScope {
    READ_ONLY,
    READ_WRITE
}

package dev.tunnelgate.apitokens;

/** A token just created: the secret is in {@link #token} this once and never again. */
public record IssuedApiToken(ApiTokenRow row, String token) {
    @Override
    public String toString() {
        return "IssuedApiToken[" + row + ", token=…]";
    }
}

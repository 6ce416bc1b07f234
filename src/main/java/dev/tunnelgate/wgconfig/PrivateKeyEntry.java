package dev.tunnelgate.wgconfig;

import dev.tunnelgate.keys.WgPrivateKey;

/**
 * The {@code PrivateKey} line of a client config: the key itself when it was generated on the server
 * and is handed out now, or a placeholder when the server never had it (browser or own keys).
 */
public sealed interface PrivateKeyEntry {
    /** The text of the placeholder line; wg-quick refuses to load it, so a forgotten paste fails loudly. */
    String PLACEHOLDER_TEXT = "<paste your private key here>";

    static PrivateKeyEntry of(WgPrivateKey key) {
        return new Included(key);
    }

    static PrivateKeyEntry placeholder() {
        return new Placeholder();
    }

    String render();

    record Included(WgPrivateKey key) implements PrivateKeyEntry {
        @Override
        public String render() {
            return key.toBase64();
        }
    }

    record Placeholder() implements PrivateKeyEntry {
        @Override
        public String render() {
            return PLACEHOLDER_TEXT;
        }
    }
}

package dev.tunnelgate.wgconfig;

import dev.tunnelgate.keys.WgPrivateKey;
import java.util.List;

/**
 * The {@code PrivateKey} line of a client config: the key itself when it was generated on the server
 * and is handed out now, or a placeholder when the server never had it (browser or own keys).
 */
public sealed interface PrivateKeyEntry {
    /** The text of the placeholder line; wg-quick refuses to load it, so a forgotten paste fails loudly. */
    String PLACEHOLDER_TEXT = "<paste your private key here>";

    /**
     * Comment lines written above the placeholder, for whoever opens a re-downloaded file and never saw the key
     * (made in their browser or on the server and shown once, or made by themselves).
     */
    List<String> PLACEHOLDER_NOTE = List.of(
            "This file has no private key: the portal never keeps one. Replace the placeholder",
            "on the next line with this device's private key, from the config you saved when",
            "the key was made (or your own private.key if you made the key yourself).",
            "Lost it? Use \"Replace key\" in the portal's My devices for a new key.");

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

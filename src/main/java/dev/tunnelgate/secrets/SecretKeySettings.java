package dev.tunnelgate.secrets;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the key that seals stored secrets comes from: {@code key} (base64 of 32 bytes), else the
 * key file, created on first start when {@code createKeyFile} allows it.
 */
@ConfigurationProperties("tunnelgate.secrets")
record SecretKeySettings(
        @Nullable String key,
        @DefaultValue("./data/secret.key") Path keyFile,
        @DefaultValue("true") boolean createKeyFile) {

    // The generated toString would print the key into any log that prints the settings.
    @Override
    public String toString() {
        return "SecretKeySettings[key=%s, keyFile=%s, createKeyFile=%s]"
                .formatted(key == null || key.isBlank() ? "(none)" : "(redacted)", keyFile, createKeyFile);
    }
}

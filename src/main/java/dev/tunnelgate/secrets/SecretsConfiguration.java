package dev.tunnelgate.secrets;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * Provides the {@link SecretBox}. The key comes from TUNNELGATE_SECRET_KEY; without it, from a key
 * file that the embedded default creates on first start. Anything doubtful stops start-up, since
 * a portal running with the wrong key would seal secrets that can never be read again.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecretKeySettings.class)
class SecretsConfiguration {
    // The variable the issue names; TUNNELGATE_SECRETS_KEY also works, through tunnelgate.secrets.key.
    static final String KEY_VARIABLE = "TUNNELGATE_SECRET_KEY";

    @Bean
    SecretBox secretBox(SecretKeySettings settings, Environment environment) {
        byte[] key = configuredKey(settings, environment)
                .map(SecretsConfiguration::parseConfigured)
                .orElseGet(() -> keyFromFile(settings, environment));
        try {
            return new SecretBox(key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private static Optional<String> configuredKey(SecretKeySettings settings, Environment environment) {
        var property = Optional.ofNullable(settings.key())
                .filter(text -> !text.isBlank())
                .map(String::strip);
        var variable = Optional.ofNullable(environment.getProperty(KEY_VARIABLE))
                .filter(text -> !text.isBlank())
                .map(String::strip);
        if (property.isPresent() && variable.isPresent() && !property.equals(variable)) {
            throw new IllegalStateException("Two different secret keys are configured, in tunnelgate.secrets.key "
                    + "(TUNNELGATE_SECRETS_KEY) and in " + KEY_VARIABLE + "; set only " + KEY_VARIABLE);
        }
        return property.or(() -> variable);
    }

    private static byte[] parseConfigured(String text) {
        try {
            return SecretKeyText.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("%s (tunnelgate.secrets.key) is not a valid secret key: %s. It must be the "
                            .formatted(KEY_VARIABLE, e.getMessage())
                    + "base64 text of 32 random bytes; generate one with: " + SecretKeyText.HOW_TO_GENERATE);
        }
    }

    private static byte[] keyFromFile(SecretKeySettings settings, Environment environment) {
        if (environment.acceptsProfiles(Profiles.of("production"))) {
            // A key file under ./data travels with the database it protects, and a fresh container makes a new one.
            throw new IllegalStateException("The production profile needs an explicit secret key: set " + KEY_VARIABLE
                    + " (generate one with: " + SecretKeyText.HOW_TO_GENERATE + ") and keep it apart from the "
                    + "database backups. A key file is not accepted in production.");
        }
        var file = new KeyFile(settings.keyFile());
        if (file.exists()) {
            return file.read();
        }
        if (!settings.createKeyFile()) {
            throw new IllegalStateException(
                    "No secret key configured: set %s (generate one with: %s), or provide the key file %s"
                            .formatted(KEY_VARIABLE, SecretKeyText.HOW_TO_GENERATE, file.path()));
        }
        return file.create(new SecureRandom());
    }
}

package dev.tunnelgate.secrets;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.SystemEnvironmentPropertySource;

@ExtendWith(OutputCaptureExtension.class)
class SecretsConfigurationTest {
    private static final String KEY = Base64.getEncoder().encodeToString(SecretBoxTest.KEY);
    private static final byte[] SECRET = "preshared".getBytes(UTF_8);

    @TempDir
    Path data;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withUserConfiguration(SecretsConfiguration.class)
                .withPropertyValues("tunnelgate.secrets.key-file=" + keyFile());
    }

    private Path keyFile() {
        return data.resolve("data/secret.key");
    }

    /** Environment variables as the real environment would supply them (relaxed binding applies). */
    private ApplicationContextRunner withVariables(Map<String, Object> variables) {
        return runner().withInitializer(context -> context.getEnvironment()
                .getPropertySources()
                .addFirst(new SystemEnvironmentPropertySource("test-systemEnvironment", variables)));
    }

    @Test
    void an_explicit_key_is_used_and_no_key_file_is_created() {
        runner().withPropertyValues("tunnelgate.secrets.key=" + KEY).run(context -> {
            String sealed = context.getBean(SecretBox.class).seal(SECRET, "device:1");
            assertThat(new SecretBox(SecretBoxTest.KEY).open(sealed, "device:1"))
                    .isEqualTo(SECRET);
        });
        assertThat(keyFile()).doesNotExist();
    }

    @Test
    void the_key_is_taken_from_the_variable_the_issue_names_and_from_the_property_style_variable() {
        for (String variable : new String[] {"TUNNELGATE_SECRET_KEY", "TUNNELGATE_SECRETS_KEY"}) {
            withVariables(Map.of(variable, KEY + "\n")).run(context -> {
                String sealed = context.getBean(SecretBox.class).seal(SECRET, "device:1");
                assertThat(new SecretBox(SecretBoxTest.KEY).open(sealed, "device:1"))
                        .as(variable)
                        .isEqualTo(SECRET);
            });
        }
        assertThat(keyFile()).doesNotExist();
    }

    @Test
    void two_different_keys_in_the_two_variables_stop_start_up() {
        byte[] otherKey = new byte[32];
        Arrays.fill(otherKey, (byte) 1);
        String other = Base64.getEncoder().encodeToString(otherKey);
        withVariables(Map.of("TUNNELGATE_SECRET_KEY", KEY, "TUNNELGATE_SECRETS_KEY", other))
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .rootCause()
                            .hasMessageContaining("Two different secret keys")
                            .hasMessageContaining("set only TUNNELGATE_SECRET_KEY");
                });
    }

    @Test
    void a_key_of_the_wrong_length_stops_start_up_with_instructions() {
        String shortKey =
                Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
        runner().withPropertyValues("tunnelgate.secrets.key=" + shortKey).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("TUNNELGATE_SECRET_KEY")
                    .hasMessageContaining("decodes to 16 bytes, not 32")
                    .hasMessageContaining("openssl rand -base64 32")
                    .message()
                    .doesNotContain(shortKey);
        });
        assertThat(keyFile()).as("no fallback to a key file").doesNotExist();
    }

    @Test
    void a_key_that_is_not_base64_stops_start_up_with_instructions() {
        String notBase64 = "this-is-my-secret-passphrase_not-base64!!!!";
        runner().withPropertyValues("tunnelgate.secrets.key=" + notBase64).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("TUNNELGATE_SECRET_KEY")
                    .hasMessageContaining("not base64")
                    .hasMessageContaining("openssl rand -base64 32")
                    .message()
                    .doesNotContain("passphrase");
        });
    }

    @Test
    void without_a_key_a_key_file_is_created_for_the_owner_only_and_reused_on_the_next_start(CapturedOutput output)
            throws IOException {
        assumePosix();
        var sealed = new AtomicReference<String>();

        runner().run(context -> sealed.set(context.getBean(SecretBox.class).seal(SECRET, "device:7")));

        assertThat(keyFile()).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile())))
                .isEqualTo("rw-------");
        assertThat(output).contains("Created the secret key file " + keyFile()).contains("Back it up");
        assertThat(data.resolve("data")).isDirectoryNotContaining("glob:**.tmp");

        runner().run(context -> assertThat(context.getBean(SecretBox.class).open(sealed.get(), "device:7"))
                .isEqualTo(SECRET));
    }

    @Test
    void a_key_file_readable_by_the_group_is_refused() throws IOException {
        assumePosix();
        writeKeyFile(KEY + "\n", "rw-r-----");

        runner().run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining(keyFile().toString())
                    .hasMessageContaining("accessible to group or others")
                    .hasMessageContaining("chmod 600");
        });
    }

    @Test
    void a_key_file_written_by_hand_with_openssl_is_accepted() throws IOException {
        assumePosix();
        writeKeyFile(KEY + "\n", "rw-------");

        runner().run(context -> {
            String sealed = context.getBean(SecretBox.class).seal(SECRET, "device:1");
            assertThat(new SecretBox(SecretBoxTest.KEY).open(sealed, "device:1"))
                    .isEqualTo(SECRET);
        });
    }

    @Test
    void a_key_file_that_does_not_hold_a_key_is_refused_and_not_replaced() throws IOException {
        assumePosix();
        writeKeyFile("not a key\n", "rw-------");

        runner().run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("Secret key file " + keyFile() + " is not valid")
                    .hasMessageContaining("not base64");
        });
        assertThat(keyFile()).hasContent("not a key");
    }

    @Test
    void the_production_profile_refuses_a_key_file_and_asks_for_an_explicit_key() throws IOException {
        assumePosix();
        writeKeyFile(KEY + "\n", "rw-------");

        runner().withPropertyValues("spring.profiles.active=production").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("production profile needs an explicit secret key")
                    .hasMessageContaining("TUNNELGATE_SECRET_KEY")
                    .hasMessageContaining("openssl rand -base64 32");
        });
    }

    @Test
    void the_production_profile_starts_with_an_explicit_key() {
        runner().withPropertyValues("spring.profiles.active=production", "tunnelgate.secrets.create-key-file=false")
                .withInitializer(context -> context.getEnvironment()
                        .getPropertySources()
                        .addFirst(new SystemEnvironmentPropertySource(
                                "test-systemEnvironment", Map.of("TUNNELGATE_SECRET_KEY", KEY))))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(SecretBox.class));
    }

    @Test
    void without_a_key_and_with_key_file_creation_off_start_up_fails() {
        runner().withPropertyValues("tunnelgate.secrets.create-key-file=false").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("No secret key configured: set TUNNELGATE_SECRET_KEY")
                    .hasMessageContaining("openssl rand -base64 32");
        });
        assertThat(keyFile()).doesNotExist();
    }

    private void writeKeyFile(String content, String permissions) throws IOException {
        Files.createDirectories(keyFile().getParent());
        Files.writeString(keyFile(), content);
        Files.setPosixFilePermissions(keyFile(), PosixFilePermissions.fromString(permissions));
    }

    private void assumePosix() {
        assumeThat(Files.getFileAttributeView(data, PosixFileAttributeView.class))
                .as("a POSIX file system")
                .isNotNull();
    }
}

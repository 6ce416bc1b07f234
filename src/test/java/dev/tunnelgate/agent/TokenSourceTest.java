package dev.tunnelgate.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenSourceTest {
    @TempDir
    Path dir;

    private Path write(String token, Instant modified, String permissions) throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, token + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    @Test
    void a_rotated_token_written_to_the_file_is_used_from_the_next_request_on() throws Exception {
        Path file = write("tgw1.7.old", Instant.parse("2026-11-22T08:00:00Z"), "rw-------");
        var source = new TokenSource(file, TokenFile.read(file));
        assertThat(source.get()).isEqualTo("tgw1.7.old");

        write("tgw1.7.new", Instant.parse("2026-11-22T08:05:00Z"), "rw-------");

        assertThat(source.get()).isEqualTo("tgw1.7.new");
    }

    @Test
    void a_token_file_that_became_readable_by_others_keeps_the_last_good_token() throws Exception {
        Path file = write("tgw1.7.old", Instant.parse("2026-11-22T08:00:00Z"), "rw-------");
        var source = new TokenSource(file, TokenFile.read(file));

        write("tgw1.7.leaked", Instant.parse("2026-11-22T08:05:00Z"), "rw-r--r--");

        assertThat(source.get()).isEqualTo("tgw1.7.old");
    }

    @Test
    void without_a_good_token_at_start_nothing_is_offered_until_the_file_is_fixed() throws Exception {
        Path file = write("tgw1.7.first", Instant.parse("2026-11-22T08:00:00Z"), "rw-r--r--");
        var source = new TokenSource(file, null);
        assertThat(source.get()).isNull();

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        assertThat(source.get()).isEqualTo("tgw1.7.first");
    }
}

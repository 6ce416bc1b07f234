package dev.tunnelgate.secrets;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The key kept in a file (the embedded default): read with a permission check, or created owner-only. */
final class KeyFile {
    private static final Set<PosixFilePermission> NOT_OWNER = EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);

    private static final Logger log = LoggerFactory.getLogger(KeyFile.class);

    private final Path path;

    KeyFile(Path path) {
        this.path = path.toAbsolutePath().normalize();
    }

    Path path() {
        return path;
    }

    boolean exists() {
        return Files.exists(path);
    }

    byte[] read() {
        try {
            var posix = Files.getFileAttributeView(path, PosixFileAttributeView.class);
            if (posix != null) {
                var permissions = posix.readAttributes().permissions();
                if (permissions.stream().anyMatch(NOT_OWNER::contains)) {
                    throw new IllegalStateException(
                            "Secret key file %s is accessible to group or others (%s); restrict it to its owner: chmod 600 %s"
                                    .formatted(path, PosixFilePermissions.toString(permissions), path));
                }
            }
            return SecretKeyText.parse(Files.readString(path, StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    "Secret key file %s is not valid: %s. It must hold the base64 text of %d random bytes (%s)"
                            .formatted(path, e.getMessage(), SecretBox.KEY_LENGTH, SecretKeyText.HOW_TO_GENERATE));
        } catch (IOException e) {
            throw new IllegalStateException("Secret key file %s cannot be read: %s".formatted(path, e), e);
        }
    }

    /** Creates the file with a new random key, or reads the one another instance created first. */
    byte[] create(SecureRandom random) {
        byte[] key = new byte[SecretBox.KEY_LENGTH];
        random.nextBytes(key);
        try {
            Path directory = Files.createDirectories(path.getParent());
            Path temporary = Files.createTempFile(directory, ".secret-key-", ".tmp", ownerOnly(directory));
            try {
                write(temporary, SecretKeyText.format(key) + "\n");
                // A hard link, unlike a rename, fails when the name is taken: a second instance
                // starting at the same time cannot replace a key the first may already have used.
                Files.createLink(path, temporary);
            } catch (UnsupportedOperationException e) {
                Files.move(temporary, path);
            } finally {
                Files.deleteIfExists(temporary);
            }
            log.warn(
                    "Created the secret key file {}. Back it up: without it the stored preshared keys cannot be read. "
                            + "In production set {} instead.",
                    path,
                    SecretsConfiguration.KEY_VARIABLE);
            return key;
        } catch (FileAlreadyExistsException e) {
            return read();
        } catch (IOException e) {
            throw new IllegalStateException("Secret key file %s cannot be created: %s".formatted(path, e), e);
        }
    }

    private static void write(Path file, String text) throws IOException {
        try (var channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
            channel.force(true); // the key must be on disk before anything is sealed with it
        }
    }

    private static FileAttribute<?>[] ownerOnly(Path directory) {
        if (Files.getFileAttributeView(directory, PosixFileAttributeView.class) == null) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[] {
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
        };
    }
}

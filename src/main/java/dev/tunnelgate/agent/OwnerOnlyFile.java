package dev.tunnelgate.agent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;

/**
 * Replaces a file in the agent's state directory whole: written under another name, readable by its owner only
 * before anything is in it, forced to disk, renamed into place, and the directory forced too. A crash leaves the old
 * file or the new one, never a part; the state, the known endpoints and keepalived's notice all go this way.
 */
final class OwnerOnlyFile {
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private OwnerOnlyFile() {}

    static void replace(Path file, byte[] content) throws IOException {
        Path dir = Objects.requireNonNull(file.toAbsolutePath().getParent(), "a state file lives in a directory");
        Path temp = Files.createTempFile(
                dir, file.getFileName() + ".", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            // The mode given at creation is filtered by the umask; make sure before anything is written.
            Files.setPosixFilePermissions(temp, OWNER_ONLY);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(content);
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(dir);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** A rename (or a removal) survives a power cut only once the directory is on disk. */
    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}

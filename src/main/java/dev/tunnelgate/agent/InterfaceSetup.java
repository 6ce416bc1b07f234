package dev.tunnelgate.agent;

import dev.tunnelgate.ip.IpPrefix;
import dev.tunnelgate.keys.KeyText;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Brings a WireGuard interface into existence with its identity, port and addresses. Idempotent, so the
 * agent runs it at every start (fail static: after a reboot the interface comes back before the portal answers).
 */
public final class InterfaceSetup {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    /** Where the interface lives and what it should look like. */
    public record Settings(String interfaceName, Path privateKeyFile, int listenPort, List<String> addresses) {
        public Settings {
            InterfaceNames.require(interfaceName);
            if (listenPort < 1 || listenPort > 65535) {
                throw new IllegalArgumentException("listen port must be 1-65535");
            }
            addresses = addresses.stream()
                    .map(address -> IpPrefix.parse(address).toString())
                    .toList();
        }
    }

    private final ProcessRunner runner;

    public InterfaceSetup() {
        this(List.of(), WgCommandInterface.DEFAULT_TIMEOUT);
    }

    /** @param commandPrefix put before every command, e.g. {@code ip netns exec <ns>} in tests */
    public InterfaceSetup(List<String> commandPrefix, Duration timeout) {
        this.runner = new ProcessRunner(commandPrefix, timeout);
    }

    /** Creates what is missing and returns the interface's public key. */
    public String ensure(Settings settings) throws IOException {
        String name = settings.interfaceName();
        if (!exists(name)) {
            // A kernel module would be faster; wireguard-go works everywhere TUN does and daemonizes itself.
            runner.run(List.of("wireguard-go", name), null);
        }
        Path keyFile = ensurePrivateKey(settings.privateKeyFile());
        runner.run(
                List.of(
                        "wg",
                        "set",
                        name,
                        "private-key",
                        keyFile.toString(),
                        "listen-port",
                        Integer.toString(settings.listenPort())),
                null);
        for (String address : settings.addresses()) {
            // `replace` rather than `add`: a restart must not fail on an address that is already there.
            runner.run(List.of("ip", "address", "replace", address, "dev", name), null);
        }
        removeStaleAddresses(name, settings.addresses());
        runner.run(List.of("ip", "link", "set", "up", "dev", name), null);
        return runner.run(List.of("wg", "show", name, "public-key"), null).strip();
    }

    /**
     * Removes global addresses the settings no longer list, so a renumbered network does not keep answering on
     * its old address. Link-local addresses belong to the kernel and stay.
     */
    private void removeStaleAddresses(String name, List<String> wanted) throws IOException {
        Set<String> keep = new HashSet<>();
        wanted.forEach(address -> keep.add(normalized(address)));
        String shown = runner.run(List.of("ip", "-o", "address", "show", "dev", name), null);
        for (String address : globalAddresses(shown)) {
            if (!keep.contains(normalized(address))) {
                runner.run(List.of("ip", "address", "del", address, "dev", name), null);
            }
        }
    }

    /** The {@code inet}/{@code inet6} addresses with {@code scope global} from {@code ip -o address show}. */
    static List<String> globalAddresses(String ipOutput) {
        var addresses = new ArrayList<String>();
        for (String line : ipOutput.split("\n")) {
            List<String> words = List.of(line.trim().split("\\s+"));
            int family = Math.max(words.indexOf("inet"), words.indexOf("inet6"));
            int scope = words.indexOf("scope");
            if (family >= 0
                    && family + 1 < words.size()
                    && scope > family
                    && scope + 1 < words.size()
                    && words.get(scope + 1).equals("global")
                    && !words.get(family + 2).equals("peer")) {
                addresses.add(words.get(family + 1));
            }
        }
        return addresses;
    }

    /** One spelling per address ({@code FD00:0::1/64} and {@code fd00::1/64} are the same); unparsable stays as is. */
    private static String normalized(String address) {
        try {
            return IpPrefix.parse(address).toString();
        } catch (IllegalArgumentException e) {
            return address;
        }
    }

    private boolean exists(String name) throws IOException {
        return runner.execute(List.of("ip", "link", "show", "dev", name), null).exitCode() == 0;
    }

    /** Generates the key once; the file is created owner-only before the key is written into it. */
    Path ensurePrivateKey(Path file) throws IOException {
        if (Files.exists(file)) {
            String key = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (!KeyText.isKey(key)) {
                throw new IOException("private key file " + file + " does not hold a WireGuard key");
            }
            if (!Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
                throw new IOException("private key file " + file + " must be readable by its owner only (chmod 600)");
            }
            return file;
        }
        String key = runner.run(List.of("wg", "genkey"), null).strip();
        KeyText.requireKey(key, "generated private key");
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        // Written in full under another name and linked into place: a crash leaves no key file or a whole one, never
        // an empty file that every later start would refuse; link(2) never replaces a key another process made.
        Path temp =
                Files.createTempFile(parent, ".private.key.", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            // The creation mode is filtered by the umask; set it explicitly before any secret is written.
            Files.setPosixFilePermissions(temp, OWNER_ONLY);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap((key + "\n").getBytes(StandardCharsets.US_ASCII));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            Files.createLink(file, temp);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("private key file " + file + " appeared while it was being created", e);
        } finally {
            Files.deleteIfExists(temp);
        }
        try (FileChannel dir = FileChannel.open(parent, StandardOpenOption.READ)) {
            dir.force(true);
        }
        return file;
    }
}

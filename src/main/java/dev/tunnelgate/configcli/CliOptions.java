package dev.tunnelgate.configcli;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The command line, checked before anything is read or sent.
 *
 * @param file   the configuration file; null for {@code export}
 * @param portal the portal's base URL without a trailing slash
 */
record CliOptions(Command command, @Nullable Path file, URI portal, Path tokenFile) {
    enum Command {
        DIFF,
        APPLY,
        EXPORT
    }

    static final String USAGE = """
            usage: tunnelgate config diff FILE   --portal URL --token-file TOKEN_FILE
                   tunnelgate config apply FILE  --portal URL --token-file TOKEN_FILE
                   tunnelgate config export      --portal URL --token-file TOKEN_FILE
              diff    compare FILE with the portal and print what apply would change; changes nothing
              apply   make the portal match FILE, all or nothing, and print what changed (needs an admin's
                      read-write token)
              export  print the portal's networks, destinations, policies and gateway groups as YAML
              --portal URL              the portal, http(s)://host[:port][/path]
              --token-file TOKEN_FILE   an API token (create one on the portal's "API tokens" page), one line,
                                        readable by its owner only; never on the command line
            exit status: 0 done (diff: no changes), 2 diff found changes to apply, 1 error""";

    private static final Set<String> NAMES = Set.of("--portal", "--token-file");

    /** A command line that cannot be run; the message says what is wrong. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    static CliOptions parse(List<String> args) throws UsageException {
        Map<String, String> values = new HashMap<>();
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                positional.add(arg);
                continue;
            }
            String name = arg;
            String value = null;
            int equals = arg.indexOf('=');
            if (equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.size() && NAMES.contains(arg)) {
                value = args.get(++i);
            }
            if (name.equals("--token")) {
                throw new UsageException("a token is never given on the command line (other users see it in the"
                        + " process list): put it in a file and give --token-file");
            }
            if (!NAMES.contains(name)) {
                throw new UsageException("unknown option '" + printable(name) + "'");
            }
            if (value == null) {
                throw new UsageException(name + " needs a value");
            }
            if (values.put(name, value) != null) {
                throw new UsageException(name + " is given twice");
            }
        }
        if (positional.isEmpty()) {
            throw new UsageException("say diff, apply or export");
        }
        var command = switch (positional.get(0)) {
            case "diff" -> Command.DIFF;
            case "apply" -> Command.APPLY;
            case "export" -> Command.EXPORT;
            default -> throw new UsageException("unknown command '" + printable(positional.get(0)) + "'");
        };
        Path file = null;
        if (command == Command.EXPORT) {
            if (positional.size() > 1) {
                throw new UsageException("export takes no FILE: it prints to standard output");
            }
        } else {
            if (positional.size() < 2) {
                throw new UsageException(positional.get(0) + " needs the configuration FILE");
            }
            if (positional.size() > 2) {
                throw new UsageException("one FILE only");
            }
            file = path("FILE", positional.get(1));
        }
        return new CliOptions(
                command,
                file,
                portal(required(values, "--portal")),
                path("--token-file", required(values, "--token-file")));
    }

    private static String required(Map<String, String> values, String name) throws UsageException {
        String value = values.get(name);
        if (value == null) {
            throw new UsageException(name + " is required");
        }
        return value;
    }

    static URI portal(String text) throws UsageException {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new UsageException("--portal is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new UsageException("--portal must be an http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new UsageException("--portal must name a host");
        }
        // Printed in messages and pipeline logs; a password in it would be too. The token belongs in the token file.
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new UsageException("--portal must not carry a user, a query or a fragment");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        return URI.create(scheme + "://" + uri.getRawAuthority() + path);
    }

    private static Path path(String name, String text) throws UsageException {
        try {
            if (text.isEmpty()) {
                throw new InvalidPathException(text, "empty");
            }
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new UsageException(name + " is not a usable path");
        }
    }

    /** An argument as it may be printed: at most 40 characters, nothing that a terminal would act on. */
    static String printable(String text) {
        var cut = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        return cut.codePoints()
                .map(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
    }
}

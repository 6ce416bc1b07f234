package dev.tunnelgate.agent;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code tunnelgate agent notify master|backup|fault [--state-dir DIR]}, for keepalived's notify scripts: tells the
 * running agent whether its member holds the VIP now. Exit codes: 0 written; 2 the command line is wrong (also an
 * unknown state or a state directory that does not exist: keepalived's log shows the message); 1 the file could not
 * be written.
 */
final class NotifyCommand {
    static final int WRITE_FAILED = 1;

    private NotifyCommand() {}

    static int run(List<String> args, PrintStream out, PrintStream err) {
        RoleFile.Notified state;
        Path dir;
        try {
            if (args.isEmpty()) {
                throw new AgentOptions.UsageException("notify needs a state: master, backup or fault");
            }
            state = RoleFile.Notified.of(args.getFirst())
                    .orElseThrow(
                            () -> new AgentOptions.UsageException("notify: the state must be master, backup or fault"));
            dir = stateDir(args.subList(1, args.size()));
        } catch (AgentOptions.UsageException e) {
            err.println("tunnelgate agent: " + e.getMessage());
            err.println(AgentOptions.USAGE);
            return AgentMain.USAGE_ERROR;
        }
        try {
            new RoleFile(dir).write(state);
        } catch (IOException | RuntimeException e) {
            err.println(
                    "tunnelgate agent notify: the role was not written to " + dir + ": " + InterfaceKeeper.message(e));
            return WRITE_FAILED;
        }
        out.println("tunnelgate agent notify: " + state.word() + " (" + state.role + ") written to " + dir);
        return 0;
    }

    /**
     * The directory must exist already (the agent creates it owner-only at its first start): notify creating a
     * directory with whatever umask keepalived runs under would be worse than saying so.
     */
    private static Path stateDir(List<String> rest) throws AgentOptions.UsageException {
        String text;
        if (rest.isEmpty()) {
            text = AgentOptions.DEFAULT_STATE_DIR.toString();
        } else if (rest.size() == 2 && rest.get(0).equals("--state-dir")) {
            text = rest.get(1);
        } else if (rest.size() == 1 && rest.get(0).startsWith("--state-dir=")) {
            text = rest.get(0).substring("--state-dir=".length());
        } else {
            throw new AgentOptions.UsageException("notify takes only a state and --state-dir DIR");
        }
        Path dir;
        try {
            if (text.isEmpty() || text.length() > 4096 || text.indexOf('\0') >= 0) {
                throw new InvalidPathException(text, "unusable");
            }
            dir = Path.of(text);
        } catch (InvalidPathException e) {
            throw new AgentOptions.UsageException("--state-dir is not a usable path");
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new AgentOptions.UsageException(
                    "--state-dir must be an existing directory (the agent creates it at its first start)");
        }
        return dir;
    }
}

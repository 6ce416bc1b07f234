package dev.tunnelgate.agent;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Keeps a standby's WireGuard silent: a handshake it starts (traffic routed into its interface, a keepalive) would
 * leave from the member's own address, and the client would roam there and lose the VIP. While STANDBY a policy rule
 * drops UDP from the listen port:
 *
 * <pre>
 * ip -4 rule add pref 5181 ipproto udp sport 51820 blackhole
 * </pre>
 *
 * One preference before the holder's {@code lookup} rule ({@link SourceRoute#RULE_PREFERENCE}), so a change of role
 * never leaves a moment with neither: the blackhole is added before the lookup rule goes, and removed only after the
 * lookup rule is in place. An agent that stops removes it: keepalived may promote this member later, with no agent
 * to lift it.
 */
class StandbyBlock {
    private static final System.Logger LOG = System.getLogger(StandbyBlock.class.getName());
    static final int RULE_PREFERENCE = SourceRoute.RULE_PREFERENCE - 1;

    private static final List<String> ACTION = List.of("blackhole");

    private final List<String> families;
    private final ProcessRunner runner;
    /** Families whose rule failed last time; touched on the failover thread only. */
    private final java.util.Set<String> failing = new java.util.HashSet<>();

    /** @param families {@code -4}, {@code -6} or both: the VIP's family, or both without a VIP */
    StandbyBlock(List<String> families, List<String> commandPrefix) {
        this.families = List.copyOf(families);
        this.runner = new ProcessRunner(commandPrefix, Duration.ofSeconds(10));
    }

    /**
     * Makes sure of exactly the rule for {@code listenPort}, per family; idempotent. With both families (no VIP), a
     * family the host cannot do (IPv6 disabled) is logged once and skipped; it throws when no family got its rule.
     */
    void block(int listenPort) throws IOException {
        @Nullable IOException last = null;
        int blocked = 0;
        for (String family : families) {
            try {
                blockFamily(family, listenPort);
                blocked++;
                failing.remove(family);
            } catch (IOException e) {
                last = e;
                if (failing.add(family) && families.size() > 1) {
                    LOG.log(
                            Level.WARNING,
                            "the standby's " + family + " blackhole rule failed: " + InterfaceKeeper.message(e));
                }
            }
        }
        if (blocked == 0 && last != null) {
            throw last;
        }
    }

    private void blockFamily(String family, int listenPort) throws IOException {
        String shown = runner.run(PortRule.show(family, RULE_PREFERENCE), null);
        if (ruleMatches(shown, listenPort)) {
            return;
        }
        remove(family);
        runner.run(command(family, "add", listenPort), null);
        LOG.log(
                Level.INFO,
                "standby: WireGuard's packets from UDP port %d are dropped (%s rule %d blackhole)"
                        .formatted(listenPort, family, RULE_PREFERENCE));
    }

    /** Removes the rule of every family; idempotent. */
    void unblock() {
        for (String family : families) {
            remove(family);
        }
    }

    private void remove(String family) {
        try {
            PortRule.removeAll(runner, family, RULE_PREFERENCE);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "removing the standby's blackhole rule failed: " + InterfaceKeeper.message(e));
        }
    }

    static List<String> command(String family, String verb, int listenPort) {
        return PortRule.command(family, verb, RULE_PREFERENCE, listenPort, ACTION);
    }

    static boolean ruleMatches(String shown, int listenPort) {
        return PortRule.matches(shown, RULE_PREFERENCE, listenPort, ACTION);
    }
}

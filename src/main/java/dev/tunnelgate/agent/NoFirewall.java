package dev.tunnelgate.agent;

import dev.tunnelgate.protocol.DriftEntry;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** {@code --firewall none}: the operator enforces access elsewhere, or not at all; every report says so. */
final class NoFirewall implements Firewall {
    static final String NOT_ENFORCING =
            "access policies are NOT enforced on this gateway: the agent runs with --firewall none";

    @Override
    public void probe() {}

    @Override
    public void replace(AccessTable desired) {}

    @Override
    public void update(AccessTable desired, Consumer<String> warnings) {}

    @Override
    public List<DriftEntry> repair(AccessTable desired) {
        return List.of();
    }

    @Override
    public Optional<String> notEnforcing() {
        return Optional.of(NOT_ENFORCING);
    }
}

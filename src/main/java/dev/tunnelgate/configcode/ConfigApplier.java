package dev.tunnelgate.configcode;

import dev.tunnelgate.configcode.ConfigFile.NetworkEntry;
import dev.tunnelgate.configcode.ConfigPlan.GroupStep;
import dev.tunnelgate.configcode.ConfigPlan.NetworkStep;
import dev.tunnelgate.gateways.GatewayService;
import dev.tunnelgate.gateways.GroupSpec;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.policy.DestinationService;
import dev.tunnelgate.policy.PolicyService;
import dev.tunnelgate.policy.PolicySpec;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.text.NotFoundException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Makes a plan true through the features' services, which validate, authorize and audit each change as for the UI.
 * They join the caller's transaction, so a refusal of any step leaves nothing of the earlier ones. Order: destinations,
 * networks, gateway groups (those that let go of a network first), networks a group let go of, policies, then the
 * deletions (policies before the destinations they granted).
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
class ConfigApplier {
    private final NetworkService networks;
    private final DestinationService destinations;
    private final PolicyService policies;
    private final GatewayService gateways;

    ConfigApplier(
            NetworkService networks, DestinationService destinations, PolicyService policies, GatewayService gateways) {
        this.networks = networks;
        this.destinations = destinations;
        this.policies = policies;
        this.gateways = gateways;
    }

    void apply(ConfigPlan plan) {
        var networkIds = new HashMap<>(plan.networkIds());
        var destinationIds = new HashMap<>(plan.destinationIds());
        for (var step : plan.destinations()) {
            var id = step.id();
            if (id == null) {
                destinationIds.put(step.key(), at(step.path(), () -> destinations.create(step.spec())));
            } else {
                run(step.path(), () -> destinations.update(id, step.spec()));
            }
        }
        for (var step : plan.networks()) {
            var id = step.id();
            if (id == null) {
                long created = at(step.path(), () -> networks.create(step.spec()));
                networkIds.put(step.key(), created);
                if (step.lifecycleChanged()) {
                    at(step.path(), () -> networks.updateLifecycle(created, step.lifecycle()));
                }
                continue;
            }
            if (step.settingsChanged()) {
                run(step.path(), () -> networks.update(id, step.spec()));
            }
            if (step.lifecycleChanged()) {
                at(step.path(), () -> networks.updateLifecycle(id, step.lifecycle()));
            }
        }
        var groups = new ArrayList<GroupStep>();
        plan.groups().stream().filter(g -> g.id() != null && g.releases()).forEach(groups::add);
        plan.groups().stream().filter(g -> g.id() != null && !g.releases()).forEach(groups::add);
        plan.groups().stream().filter(g -> g.id() == null).forEach(groups::add);
        for (var step : groups) {
            var spec = new GroupSpec(
                    step.name(),
                    step.endpoint(),
                    step.listenPort(),
                    ids(step.networkKeys(), networkIds),
                    step.publicKey());
            var id = step.id();
            if (id == null) {
                at(step.path(), () -> gateways.createGroup(spec));
            } else {
                run(step.path(), () -> gateways.updateGroup(id, spec));
            }
        }
        for (var step : plan.networks()) {
            if (step.released()) {
                settle(step, Objects.requireNonNull(step.id()));
            }
        }
        for (var step : plan.policies()) {
            var spec = new PolicySpec(
                    step.name(),
                    step.enabled(),
                    new TreeSet<>(ids(step.networkKeys(), networkIds)),
                    new TreeSet<>(ids(step.destinationKeys(), destinationIds)),
                    step.groups(),
                    step.userIds());
            var id = step.id();
            if (id == null) {
                at(step.path(), () -> policies.create(spec));
            } else {
                run(step.path(), () -> policies.update(id, spec));
            }
        }
        for (var deletion : plan.policyDeletions()) {
            run(FilePath.ROOT.key("policies"), () -> policies.delete(deletion.id()));
        }
        for (var deletion : plan.destinationDeletions()) {
            run(FilePath.ROOT.key("destinations"), () -> destinations.delete(deletion.id()));
        }
    }

    /**
     * A network no gateway group serves any more has its endpoint and key again: set them now that the group has let
     * go (while it served the network, an update kept the group's).
     */
    private void settle(NetworkStep step, long id) {
        var stored = networks.get(id);
        var now = NetworkEntry.of(stored, networks.lifecycle(id), false).fields();
        var wanted = NetworkEntry.of(step.spec().validate(), step.lifecycle().validate(), false)
                .fields();
        if (!now.equals(wanted)) {
            run(step.path(), () -> networks.update(id, step.spec()));
        }
    }

    private static List<Long> ids(List<String> keys, Map<String, Long> ids) {
        return keys.stream()
                .map(key -> Objects.requireNonNull(ids.get(key), key))
                .toList();
    }

    private static void run(FilePath path, Runnable call) {
        at(path, () -> {
            call.run();
            return null;
        });
    }

    /**
     * A service's refusal, placed in the file. An object that is gone (another admin deleted it since the file was
     * compared) is a conflict: comparing again shows what to do.
     */
    private static <T> T at(FilePath path, Supplier<T> call) {
        try {
            return call.get();
        } catch (NotFoundException e) {
            throw path.conflict(String.valueOf(e.getMessage()) + "; it changed while the file was applied, try again");
        } catch (InvalidInputException e) {
            throw ConfigPlanner.refusal(path, e);
        }
    }
}

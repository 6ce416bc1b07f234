package dev.tunnelgate.configcode;

import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.text.InvalidInputException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Configuration as code: networks, destinations, access policies and gateway groups as one YAML document (no
 * secrets: no member credentials, preshared or private keys; public keys and endpoints are in it). Admins and
 * auditors export and compare; admins apply. Changes are made through the features' services, so they are validated,
 * authorized and audited exactly as from the UI, and nothing is audited here of its own.
 */
@Service
public class ConfigCodeService {
    private final ConfigReader reader;
    private final ConfigApplier applier;

    ConfigCodeService(ConfigReader reader, ConfigApplier applier) {
        this.reader = reader;
        this.applier = applier;
    }

    /** Everything as a file: objects by name, in a stable order, so that two exports of the same state are equal. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('" + Roles.ADMIN + "', '" + Roles.AUDITOR + "')")
    public String export() {
        return ConfigYaml.render(reader.read().export());
    }

    /**
     * What applying {@code yaml} would change, and nothing changed. A file that cannot be applied is refused with
     * {@link InvalidInputException} naming its place in the file ({@code networks[2].mtu}); rules that span stored
     * objects (overlapping pools of one gateway group, a name taken meanwhile) are only checked by {@link #apply}.
     */
    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('" + Roles.ADMIN + "', '" + Roles.AUDITOR + "')")
    public ConfigDiff diff(String yaml) {
        return plan(yaml).diff();
    }

    /**
     * Makes the portal match {@code yaml}: every change of {@link #diff} in one transaction, all or nothing. Objects
     * the file does not name are left alone, except destinations and policies when the file says {@code prune: true}
     * (networks and gateway groups are never deleted). Applying the same file again changes nothing and audits
     * nothing.
     */
    @Transactional
    @PreAuthorize("hasRole('" + Roles.ADMIN + "')")
    public ConfigDiff apply(String yaml) {
        var plan = plan(yaml);
        if (!plan.diff().isEmpty()) {
            applier.apply(plan);
        }
        return plan.diff();
    }

    private ConfigPlan plan(String yaml) {
        var file = ConfigYaml.parse(yaml);
        return ConfigPlanner.plan(file, reader.read(), reader::userId);
    }
}

package dev.tunnelgate.policy;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import dev.tunnelgate.identity.UserRow;
import dev.tunnelgate.networks.NetworkRow;
import dev.tunnelgate.ui.Feedback;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Creates or edits one access policy; admins may delete it too. Closes and calls {@code onChange} after a change. */
class PolicyDialog extends Dialog {
    final PolicyForm form;
    final Button save = new Button(getTranslation("policy.dialog.save"), event -> save());
    final Button delete = new Button(getTranslation("policy.dialog.delete"), event -> confirmDelete());
    private final PolicyService policies;
    private final AccessPreview preview;
    private final List<Long> allNetworks;
    private final @Nullable PolicyRow row;
    private final Runnable onChange;

    PolicyDialog(
            PolicyService policies,
            AccessPreview preview,
            @Nullable PolicyRow row,
            List<NetworkRow> networks,
            List<DestinationRow> destinations,
            List<UserRow> users,
            Runnable onChange) {
        setHeaderTitle(
                row == null
                        ? getTranslation("policy.dialog.new-policy")
                        : getTranslation("policy.dialog.policy", row.name()));
        this.policies = policies;
        this.preview = preview;
        this.allNetworks = networks.stream().map(NetworkRow::id).toList();
        this.row = row;
        this.onChange = onChange;
        form = new PolicyForm(networks, destinations, users);
        form.setValue(
                row == null
                        ? new PolicySpec("", true, Set.of(), Set.of(), List.of(), Set.of())
                        : PolicySpec.of(row.settings()));
        add(form);
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.setId("save-policy");
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
        delete.setId("delete-policy");
        delete.setVisible(row != null);
        getFooter().add(delete, new Button(getTranslation("policy.dialog.cancel"), event -> close()), save);
        setWidth("min(52rem, 100vw)");
    }

    /**
     * Saves the form, the one path by which this dialog changes a policy: first what it changes for whom, then (on
     * "Save" there) the change itself.
     */
    ConfirmDialog save() {
        var spec = form.value();
        var current = row;
        var affected = new java.util.TreeSet<>(spec.networkIds());
        if (current != null) {
            affected.addAll(current.settings().networkIds());
        }
        return PreviewedChange.confirm(
                preview,
                affected,
                current == null
                        ? getTranslation("policy.dialog.create-question", spec.name())
                        : getTranslation("policy.dialog.save-question", current.name()),
                getTranslation("policy.dialog.save"),
                () -> {
                    if (current == null) {
                        policies.create(spec);
                    } else {
                        policies.update(current.id(), spec);
                    }
                },
                form::showError,
                () -> {
                    close();
                    onChange.run();
                    Feedback.success(getTranslation("policy.dialog.policy-saved"));
                });
    }

    /** Devices lose at once what only this policy granted them: the confirmation says which. */
    @Nullable
    ConfirmDialog confirmDelete() {
        var current = row;
        if (current == null) {
            return null;
        }
        var confirm = PreviewedChange.confirm(
                preview,
                current.settings().networkIds().isEmpty()
                        ? allNetworks
                        : current.settings().networkIds(),
                getTranslation("policy.dialog.delete-question", current.name()),
                getTranslation("policy.dialog.delete"),
                () -> policies.delete(current.id()),
                Feedback::error,
                () -> {
                    close();
                    onChange.run();
                    Feedback.success(getTranslation("policy.dialog.policy-deleted"));
                });
        confirm.setConfirmButtonTheme("error primary"); // not shown: a theme
        return confirm;
    }
}

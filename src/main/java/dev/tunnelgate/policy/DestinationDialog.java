package dev.tunnelgate.policy;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.text.NotFoundException;
import dev.tunnelgate.ui.Feedback;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Creates or edits one destination; admins may delete it too. Closes and calls {@code onChange} after a change. */
class DestinationDialog extends Dialog {
    final DestinationForm form = new DestinationForm();
    final Button save = new Button(getTranslation("policy.dialog.save"), event -> save());
    final Button delete = new Button(getTranslation("policy.dialog.delete"), event -> confirmDelete());
    private final DestinationService destinations;
    private final AccessPreview preview;
    private final List<Long> networkIds;
    private final @Nullable DestinationRow row;
    private final Runnable onChange;

    /** @param networkIds where an edit may change access: every network, since any policy may grant it */
    DestinationDialog(
            DestinationService destinations,
            AccessPreview preview,
            List<Long> networkIds,
            @Nullable DestinationRow row,
            Runnable onChange) {
        setHeaderTitle(
                row == null
                        ? getTranslation("policy.dialog.new-destination")
                        : getTranslation("policy.dialog.destination", row.name()));
        this.destinations = destinations;
        this.preview = preview;
        this.networkIds = List.copyOf(networkIds);
        this.row = row;
        this.onChange = onChange;
        form.setValue(
                row == null ? new DestinationSpec("", List.of(), null, List.of()) : DestinationSpec.of(row.settings()));
        add(form);
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.setId("save-destination");
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
        delete.setId("delete-destination");
        delete.setVisible(row != null);
        getFooter().add(delete, new Button(getTranslation("policy.dialog.cancel"), event -> close()), save);
        setWidth("min(44rem, 100vw)");
    }

    /**
     * Saves the form, the one path by which this dialog changes a destination. A new one grants nothing until a
     * policy names it, so it is saved at once; an edit first shows what it changes for whom.
     */
    void save() {
        var spec = form.value();
        var current = row;
        if (current != null) {
            PreviewedChange.confirm(
                    preview,
                    networkIds,
                    getTranslation("policy.dialog.save-question", current.name()),
                    getTranslation("policy.dialog.save"),
                    () -> destinations.update(current.id(), spec),
                    form::showError,
                    this::saved);
            return;
        }
        try {
            destinations.create(spec);
        } catch (InvalidInputException | NotFoundException e) {
            form.showError(e);
            return;
        }
        saved();
    }

    private void saved() {
        close();
        onChange.run();
        Feedback.success(getTranslation("policy.dialog.destination-saved"));
    }

    private void confirmDelete() {
        var current = row;
        if (current == null) {
            return;
        }
        var confirm = new ConfirmDialog(
                getTranslation("policy.dialog.delete-question", current.name()),
                getTranslation("policy.dialog.destination-delete-text"),
                getTranslation("policy.dialog.delete"),
                event -> {
                    try {
                        destinations.delete(current.id());
                    } catch (InvalidInputException | NotFoundException e) {
                        Feedback.error(e);
                        return;
                    }
                    close();
                    onChange.run();
                    Feedback.success(getTranslation("policy.dialog.destination-deleted"));
                });
        confirm.setCancelable(true);
        confirm.setConfirmButtonTheme("error primary"); // not shown: a theme
        confirm.open();
    }
}

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
    final Button save = new Button("Save", event -> save());
    final Button delete = new Button("Delete", event -> confirmDelete());
    private final DestinationService destinations;
    private final @Nullable DestinationRow row;
    private final Runnable onChange;

    DestinationDialog(DestinationService destinations, @Nullable DestinationRow row, Runnable onChange) {
        super(row == null ? "New destination" : "Destination " + row.name());
        this.destinations = destinations;
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
        getFooter().add(delete, new Button("Cancel", event -> close()), save);
        setWidth("min(44rem, 100vw)");
    }

    /** Saves the form: the one path by which this dialog changes a destination. */
    void save() {
        var spec = form.value();
        try {
            if (row == null) {
                destinations.create(spec);
            } else {
                destinations.update(row.id(), spec);
            }
        } catch (InvalidInputException | NotFoundException e) {
            form.showError(e);
            return;
        }
        close();
        onChange.run();
        Feedback.success("Destination saved");
    }

    private void confirmDelete() {
        var current = row;
        if (current == null) {
            return;
        }
        var confirm = new ConfirmDialog(
                "Delete " + current.name() + "?",
                "Only a destination that no policy grants can be deleted.",
                "Delete",
                event -> {
                    try {
                        destinations.delete(current.id());
                    } catch (InvalidInputException | NotFoundException e) {
                        Feedback.error(e);
                        return;
                    }
                    close();
                    onChange.run();
                    Feedback.success("Destination deleted");
                });
        confirm.setCancelable(true);
        confirm.setConfirmButtonTheme("error primary");
        confirm.open();
    }
}

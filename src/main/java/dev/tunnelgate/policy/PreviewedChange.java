package dev.tunnelgate.policy;

import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.text.NotFoundException;
import java.util.Collection;
import java.util.function.Consumer;

/**
 * The save step of the access dialogs: the change is first tried in a transaction that is rolled back
 * ({@link AccessPreview}), the admin sees which users and devices gain or lose what, and only "Save" there makes
 * the change for real. A refusal (invalid input, something deleted meanwhile) goes to {@code onRefused} either
 * way, and nothing is stored.
 */
final class PreviewedChange {
    private PreviewedChange() {}

    static ConfirmDialog confirm(
            AccessPreview preview,
            Collection<Long> networkIds,
            String title,
            String saveText,
            Runnable change,
            Consumer<RuntimeException> onRefused,
            Runnable onSaved) {
        AccessDiff diff;
        try {
            diff = preview.preview(networkIds, change);
        } catch (InvalidInputException | NotFoundException e) {
            onRefused.accept(e);
            return new ConfirmDialog();
        }
        var dialog = new ConfirmDialog();
        dialog.setId("access-preview");
        dialog.setHeader(title);
        dialog.setText(new AccessPreviewPanel(diff));
        dialog.setCancelable(true);
        dialog.setCancelText(dialog.getTranslation("policy.dialog.back"));
        dialog.setConfirmText(saveText);
        dialog.addConfirmListener(event -> {
            try {
                change.run();
            } catch (InvalidInputException | NotFoundException e) {
                onRefused.accept(e);
                return;
            }
            onSaved.run();
        });
        dialog.open();
        return dialog;
    }
}

package dev.tunnelgate.devices;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.i18n.I18NProvider;

/**
 * Closing (Close button, Escape, a click outside) a dialog whose result holds a private key that exists nowhere
 * else asks first: once the dialog is gone, nobody can show that key again.
 */
final class CloseGuard {
    private final Dialog dialog;
    private boolean holdsPrivateKey;

    private CloseGuard(Dialog dialog) {
        this.dialog = dialog;
    }

    /** Routes every way of closing {@code dialog} through {@link #requestClose()}. */
    static CloseGuard of(Dialog dialog) {
        var guard = new CloseGuard(dialog);
        dialog.addDialogCloseActionListener(event -> guard.requestClose());
        return guard;
    }

    /** From now on closing asks first. */
    void holdPrivateKey() {
        holdsPrivateKey = true;
    }

    void requestClose() {
        if (!holdsPrivateKey) {
            dialog.close();
            return;
        }
        var confirm = new Button(I18NProvider.translate("enroll.close-confirm.close"));
        confirm.setId("close-anyway");
        confirm.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_PRIMARY);
        var question = new ConfirmDialog();
        question.setId("close-confirm");
        question.setHeader(I18NProvider.translate("enroll.close-confirm.title"));
        question.setText(I18NProvider.translate("enroll.close-confirm.text"));
        question.setConfirmButton(confirm);
        question.setCancelable(true);
        question.setCancelText(I18NProvider.translate("enroll.close-confirm.back"));
        question.addConfirmListener(event -> dialog.close());
        question.open();
    }
}

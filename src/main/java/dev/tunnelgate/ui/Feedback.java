package dev.tunnelgate.ui;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.i18n.I18NProvider;
import dev.tunnelgate.text.FieldKey;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.text.Message;
import dev.tunnelgate.text.NotFoundException;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What views and dialogs say back to the user, in one place so that it looks alike everywhere: a refused input on
 * the form field it names, anything else (a conflict about no field, nothing found) and every success in a
 * notification.
 */
public final class Feedback {
    private final Map<FieldKey, HasValidation> fields;

    private Feedback(Map<FieldKey, HasValidation> fields) {
        this.fields = fields;
    }

    /** Feedback for a form: errors that name one of these keys land on its field. */
    public static Feedback forFields(Map<? extends FieldKey, ? extends HasValidation> fields) {
        return new Feedback(Map.copyOf(fields));
    }

    /**
     * Clears every field's error, then shows this one on the field it names, or in a notification when no field of
     * this form matches or it is no input error. An error that names its field by label only (from a validator
     * without field keys yet) lands on the field whose key has that label.
     */
    public void show(RuntimeException refusal) {
        fields.values().forEach(field -> field.setInvalid(false));
        var field = refusal instanceof InvalidInputException invalid ? fieldOf(invalid) : null;
        if (field == null) {
            error(refusal);
            return;
        }
        field.setErrorMessage(message(refusal));
        field.setInvalid(true);
    }

    private @Nullable HasValidation fieldOf(InvalidInputException error) {
        var key = error.field();
        if (key != null) {
            return fields.get(key);
        }
        var label = error.fieldLabel();
        return fields.entrySet().stream()
                .filter(entry -> entry.getKey().label().equals(label))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }

    /** A refusal that no field shows (a conflict, nothing found, a rule about the whole request). */
    public static void error(RuntimeException refusal) {
        error(message(refusal));
    }

    public static void error(String message) {
        Notification.show(message).addThemeVariants(NotificationVariant.LUMO_ERROR);
    }

    public static void success(String message) {
        Notification.show(message).addThemeVariants(NotificationVariant.LUMO_SUCCESS);
    }

    /** The refusal in the page's language when it carries a text key, else as the service worded it. */
    private static String message(RuntimeException refusal) {
        @Nullable
        Message text = refusal instanceof InvalidInputException invalid
                ? invalid.message()
                : refusal instanceof NotFoundException notFound ? notFound.message() : null;
        if (text != null) {
            return I18NProvider.translate(text.key(), text.arguments().toArray());
        }
        return Objects.requireNonNullElse(refusal.getMessage(), I18NProvider.translate("ui.refused"));
    }
}

package dev.tunnelgate.ui;

import com.vaadin.flow.component.HasValidation;
import dev.tunnelgate.text.InvalidInputException;
import java.util.Map;

/**
 * Puts a service's validation error on the form field it names, matched by label.
 *
 * @deprecated the label-keyed form of {@link Feedback}, left only for {@code networks.NetworkForm} until it maps its
 *             fields by {@code NetworkField}; remove it then.
 */
@Deprecated
public final class FieldErrors {
    private FieldErrors() {}

    /** Clears every field's error, then marks the named one; returns false when no field has that label. */
    public static boolean show(Map<String, ? extends HasValidation> fieldsByLabel, InvalidInputException error) {
        fieldsByLabel.values().forEach(field -> field.setInvalid(false));
        var label = error.fieldLabel();
        var field = label == null ? null : fieldsByLabel.get(label);
        if (field == null) {
            return false;
        }
        field.setErrorMessage(error.getMessage());
        field.setInvalid(true);
        return true;
    }
}

package dev.tunnelgate.networks;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.textfield.IntegerField;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.ui.Feedback;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A network's lifecycle rules, below its settings in the network dialog; empty fields switch a rule off. */
class LifecycleForm extends Composite<FormLayout> {
    final IntegerField expireAfterDays = days(NetworkField.EXPIRE_AFTER_DAYS);
    final IntegerField staleAfterDays = days(NetworkField.STALE_AFTER_DAYS);
    final IntegerField rotateAfterDays = days(NetworkField.ROTATE_AFTER_DAYS);
    final IntegerField rotationOverlapHours = new IntegerField(NetworkField.ROTATION_OVERLAP_HOURS.label());
    private final Feedback feedback;

    LifecycleForm() {
        expireAfterDays.setHelperText(
                "Empty: never. Applies to devices enrolled from now on; users may choose fewer days");
        staleAfterDays.setHelperText("Empty: never. A device never seen counts from its approval");
        rotateAfterDays.setHelperText("Empty: never. Owners see a flag on older keys; nothing is revoked");
        rotationOverlapHours.setHelperText("Unless the new key connects first; empty: 24");
        rotationOverlapHours.setMin(1);
        rotationOverlapHours.setMax(NetworkLifecycle.MAX_OVERLAP_HOURS);
        feedback = Feedback.forFields(Map.of(
                NetworkField.EXPIRE_AFTER_DAYS, expireAfterDays,
                NetworkField.STALE_AFTER_DAYS, staleAfterDays,
                NetworkField.ROTATE_AFTER_DAYS, rotateAfterDays,
                NetworkField.ROTATION_OVERLAP_HOURS, rotationOverlapHours));
        var layout = getContent();
        var heading = new H4("Device lifecycle");
        layout.add(heading, expireAfterDays, staleAfterDays, rotateAfterDays, rotationOverlapHours);
        layout.setColspan(heading, 2);
    }

    void setValue(LifecycleSpec spec) {
        expireAfterDays.setValue(spec.expireAfterDays());
        staleAfterDays.setValue(spec.staleAfterDays());
        rotateAfterDays.setValue(spec.rotateAfterDays());
        rotationOverlapHours.setValue(spec.rotationOverlapHours());
    }

    /** What the fields hold; a field whose text is not a whole number is refused on that field. */
    LifecycleSpec value() {
        return new LifecycleSpec(
                number(expireAfterDays, NetworkField.EXPIRE_AFTER_DAYS),
                number(staleAfterDays, NetworkField.STALE_AFTER_DAYS),
                number(rotateAfterDays, NetworkField.ROTATE_AFTER_DAYS),
                number(rotationOverlapHours, NetworkField.ROTATION_OVERLAP_HOURS));
    }

    void showError(RuntimeException error) {
        feedback.show(error);
    }

    private static @Nullable Integer number(IntegerField field, NetworkField key) {
        var value = field.getValue();
        if (value == null && field.isInvalid()) {
            throw new InvalidInputException(key, key.label() + " must be a whole number, or empty");
        }
        return value;
    }

    private static IntegerField days(NetworkField key) {
        var field = new IntegerField(key.label());
        field.setMin(1);
        field.setMax(NetworkLifecycle.MAX_DAYS);
        return field;
    }
}

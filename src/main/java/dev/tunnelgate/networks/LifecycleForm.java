package dev.tunnelgate.networks;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.textfield.IntegerField;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.ui.Feedback;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A network's lifecycle rules, below its settings in the network dialog; empty fields switch a rule off. */
class LifecycleForm extends Composite<FormLayout> {
    final IntegerField expireAfterDays = days(NetworkField.EXPIRE_AFTER_DAYS);
    final IntegerField staleAfterDays = days(NetworkField.STALE_AFTER_DAYS);
    final IntegerField rotateAfterDays = days(NetworkField.ROTATE_AFTER_DAYS);
    final IntegerField rotationOverlapHours = new IntegerField(label(NetworkField.ROTATION_OVERLAP_HOURS));
    private final Feedback feedback;

    LifecycleForm() {
        expireAfterDays.setHelperText(getTranslation("networks.lifecycle.expire-after-days.helper"));
        staleAfterDays.setHelperText(getTranslation("networks.lifecycle.stale-after-days.helper"));
        rotateAfterDays.setHelperText(getTranslation("networks.lifecycle.rotate-after-days.helper"));
        rotationOverlapHours.setHelperText(getTranslation("networks.lifecycle.rotation-overlap-hours.helper"));
        rotationOverlapHours.setMin(1);
        rotationOverlapHours.setMax(NetworkLifecycle.MAX_OVERLAP_HOURS);
        feedback = Feedback.forFields(Map.of(
                NetworkField.EXPIRE_AFTER_DAYS, expireAfterDays,
                NetworkField.STALE_AFTER_DAYS, staleAfterDays,
                NetworkField.ROTATE_AFTER_DAYS, rotateAfterDays,
                NetworkField.ROTATION_OVERLAP_HOURS, rotationOverlapHours));
        var layout = getContent();
        var heading = new H4(getTranslation("networks.lifecycle.heading"));
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

    private @Nullable Integer number(IntegerField field, NetworkField key) {
        var value = field.getValue();
        if (value == null && field.isInvalid()) {
            throw new InvalidInputException(key, getTranslation("networks.lifecycle.whole-number", label(key)));
        }
        return value;
    }

    /** The field's label in the page's language (the service's refusals name it by its English label). */
    private String label(NetworkField key) {
        return getTranslation(
                "networks.lifecycle." + key.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }

    private IntegerField days(NetworkField key) {
        var field = new IntegerField(label(key));
        field.setMin(1);
        field.setMax(NetworkLifecycle.MAX_DAYS);
        return field;
    }
}

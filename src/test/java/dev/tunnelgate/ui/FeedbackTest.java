package dev.tunnelgate.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.vaadin.flow.component.textfield.TextField;
import dev.tunnelgate.text.ConflictException;
import dev.tunnelgate.text.FieldKey;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.text.NotFoundException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A refusal lands on the field whose key it names, and only there; anything else becomes a notification. */
class FeedbackTest {
    private enum Field implements FieldKey {
        NAME("Name"),
        ENDPOINT("Endpoint"),
        ELSEWHERE("Elsewhere");

        private final String label;

        Field(String label) {
            this.label = label;
        }

        @Override
        public String label() {
            return label;
        }
    }

    /** Another form's key with the same label: a typed error is matched by key, never by its label. */
    private enum Other implements FieldKey {
        NAME;

        @Override
        public String label() {
            return "Name";
        }
    }

    private final TextField name = new TextField("Device name");
    private final TextField endpoint = new TextField("Endpoint (host:port)");
    private Feedback feedback;

    @BeforeEach
    void setUp() {
        MockVaadin.setup();
        feedback = Feedback.forFields(Map.of(Field.NAME, name, Field.ENDPOINT, endpoint));
    }

    @AfterEach
    void tearDown() {
        MockVaadin.tearDown();
    }

    @Test
    void an_error_lands_on_the_field_of_its_key_and_clears_the_previous_one() {
        feedback.show(new InvalidInputException(Field.ENDPOINT, "Endpoint needs a port"));
        assertThat(endpoint.isInvalid()).isTrue();
        assertThat(endpoint.getErrorMessage()).isEqualTo("Endpoint needs a port");

        feedback.show(new ConflictException(Field.NAME, "A device named \"x\" exists already"));
        assertThat(name.isInvalid()).isTrue();
        assertThat(name.getErrorMessage()).isEqualTo("A device named \"x\" exists already");
        assertThat(endpoint.isInvalid()).isFalse();
        NotificationsKt.expectNoNotifications();
    }

    @Test
    void an_error_that_names_only_a_label_lands_on_the_field_whose_key_has_it() {
        feedback.show(new InvalidInputException("Endpoint", "Endpoint needs a port"));
        assertThat(endpoint.isInvalid()).isTrue();
        NotificationsKt.expectNoNotifications();
    }

    @Test
    void an_error_about_no_field_of_this_form_becomes_an_error_notification() {
        feedback.show(new InvalidInputException(Field.NAME, "first"));
        feedback.show(new InvalidInputException(Field.ELSEWHERE, "Not on this form"));
        assertThat(name.isInvalid()).isFalse();
        NotificationsKt.expectNotifications("Not on this form");

        feedback.show(new InvalidInputException(Other.NAME, "Another form's name"));
        assertThat(name.isInvalid()).isFalse();
        NotificationsKt.expectNotifications("Another form's name");

        feedback.show(new ConflictException("This device is ACTIVE, not pending"));
        feedback.show(new NotFoundException("No device 12"));
        NotificationsKt.expectNotifications("This device is ACTIVE, not pending", "No device 12");
        assertThat(name.isInvalid()).isFalse();
        assertThat(endpoint.isInvalid()).isFalse();
    }

    @Test
    void successes_and_errors_without_a_form_are_notifications_told_apart_by_theme() {
        Feedback.success("Network saved");
        Feedback.error("Key generation failed");
        assertThat(NotificationsKt.getNotifications())
                .extracting(n -> n.getThemeNames().toString())
                .containsExactly("[success]", "[error]");
        NotificationsKt.expectNotifications("Network saved", "Key generation failed");
    }
}

package dev.tunnelgate.apitokens;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.radiobutton.RadioGroupVariant;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.ui.CopyButton;
import dev.tunnelgate.ui.Feedback;
import dev.tunnelgate.ui.Formats;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * "New token": a name, the scope (read only by default) and the expiry in days (at most what operators allow, and
 * that by default); then the token, this once, with a copy button. Only its hash is stored, so once the token shows,
 * the dialog closes by its button only, never by Escape or a stray click outside.
 */
class NewApiTokenDialog extends Dialog {
    final TextField name = new TextField(getTranslation("apitokens.dialog.name"));
    final RadioButtonGroup<ApiTokenScope> scope = new RadioButtonGroup<>(getTranslation("apitokens.dialog.scope"));
    final IntegerField lifetime = new IntegerField(getTranslation("apitokens.dialog.lifetime"));
    final Button create = new Button(getTranslation("apitokens.dialog.create"));
    final Button cancel = new Button(getTranslation("apitokens.cancel"));
    final TextField token = new TextField(getTranslation("apitokens.created.token"));
    final CopyButton copy = new CopyButton(
            getTranslation("apitokens.copy"),
            getTranslation("apitokens.copied"),
            getTranslation("apitokens.copy-failed"));
    final Paragraph once = new Paragraph(getTranslation("apitokens.created.once"));
    final Paragraph expires = new Paragraph();
    final Button done = new Button(getTranslation("apitokens.done"));
    private final FormLayout form;
    private final VerticalLayout result = new VerticalLayout();
    private final Feedback feedback;

    NewApiTokenDialog(ApiTokenService tokens, Runnable onCreated) {
        setHeaderTitle(getTranslation("apitokens.dialog.title"));
        name.setId("token-name");
        name.setMaxLength(ApiToken.NAME_MAX_LENGTH);
        name.setRequired(true);
        name.setHelperText(getTranslation("apitokens.dialog.name.helper"));
        scope.setId("token-scope");
        scope.setItems(ApiTokenScope.values());
        scope.setItemLabelGenerator(
                s -> getTranslation("apitokens.dialog.scope." + s.name().toLowerCase(Locale.ROOT)));
        // The least a token may do, unless asked for more.
        scope.setValue(ApiTokenScope.READ_ONLY);
        scope.addThemeVariants(RadioGroupVariant.LUMO_VERTICAL);
        var maxDays = (int) tokens.maxLifetime().toDays();
        lifetime.setId("token-lifetime");
        lifetime.setMin(1);
        lifetime.setMax(maxDays);
        lifetime.setValue(maxDays);
        lifetime.setStepButtonsVisible(true);
        lifetime.setHelperText(getTranslation("apitokens.dialog.lifetime.helper", maxDays));
        feedback = Feedback.forFields(
                Map.of(ApiTokenField.NAME, name, ApiTokenField.SCOPE, scope, ApiTokenField.LIFETIME, lifetime));

        form = new FormLayout(name, lifetime, scope);
        form.setColspan(scope, 2);
        create.setId("create-token");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickListener(event -> {
            var days = lifetime.getValue();
            IssuedApiToken issued;
            try {
                issued = tokens.create(name.getValue(), scope.getValue(), days == null ? null : Duration.ofDays(days));
            } catch (InvalidInputException refusal) {
                // A conflict (too many tokens) names no field and shows as a notification.
                feedback.show(refusal);
                return;
            }
            show(issued);
            onCreated.run();
        });
        cancel.addClickListener(event -> close());
        result.setPadding(false);
        result.setVisible(false);
        add(form, result);
        getFooter().add(cancel, create);
        setWidth("min(40rem, 100vw)");
    }

    private void show(IssuedApiToken issued) {
        setCloseOnEsc(false);
        setCloseOnOutsideClick(false);
        setHeaderTitle(getTranslation("apitokens.created.title", issued.row().name()));
        form.setVisible(false);
        token.setId("token-secret");
        token.setValue(issued.token());
        token.setReadOnly(true);
        token.setWidthFull();
        copy.setId("copy-token");
        copy.copies(issued.token());
        var line = new HorizontalLayout(token, copy);
        line.setWidthFull();
        line.setAlignItems(FlexComponent.Alignment.BASELINE);
        line.expand(token);
        once.setId("token-once");
        once.addClassNames("token-once");
        expires.setText(getTranslation(
                "apitokens.created.expires", Formats.dateTime(issued.row().expiresAt())));
        result.add(once, line, new Paragraph(getTranslation("apitokens.created.usage")), expires);
        result.setVisible(true);
        done.setId("token-done");
        done.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        done.addClickListener(event -> close());
        create.setVisible(false);
        cancel.setVisible(false);
        getFooter().add(done);
    }
}

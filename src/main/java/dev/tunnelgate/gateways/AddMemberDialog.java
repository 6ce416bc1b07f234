package dev.tunnelgate.gateways;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.textfield.TextField;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.text.NotFoundException;
import dev.tunnelgate.ui.Feedback;
import java.util.Map;
import java.util.function.Consumer;

/** Names a new gateway host of a group; the credential it gets is handed on to be shown once. */
class AddMemberDialog extends Dialog {
    final TextField name = new TextField(getTranslation("gateways.add-member.name"));
    final Button add = new Button(getTranslation("gateways.add-member.add"));
    private final Feedback feedback = Feedback.forFields(Map.of(MemberField.NAME, name));

    AddMemberDialog(GatewayService gateways, long groupId, Consumer<IssuedCredential> onIssued) {
        setHeaderTitle(getTranslation("gateways.add-member.title"));
        name.setMaxLength(GatewayMember.NAME_MAX_LENGTH);
        name.setRequired(true);
        name.setHelperText(getTranslation("gateways.add-member.name.helper"));
        name.setWidthFull();
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        add.addClickListener(event -> {
            IssuedCredential issued;
            try {
                issued = gateways.addMember(groupId, name.getValue());
            } catch (InvalidInputException | NotFoundException e) {
                feedback.show(e);
                return;
            }
            close();
            onIssued.accept(issued);
        });
        add(name);
        getFooter().add(new Button(getTranslation("gateways.cancel"), event -> close()), add);
        setWidth("min(28rem, 100vw)");
    }
}

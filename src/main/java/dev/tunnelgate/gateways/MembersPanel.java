package dev.tunnelgate.gateways;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.text.NotFoundException;
import dev.tunnelgate.ui.Feedback;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The members of the selected group: what each agent reported, and (for admins) credentials and revocation. */
class MembersPanel extends VerticalLayout {
    final H3 title = new H3();
    final Grid<MemberRow> grid = new Grid<>();
    final Button add = new Button("Add member");
    private final GatewayService gateways;
    private final boolean admin;
    private final Runnable onChange;
    private @Nullable GroupRow group;

    MembersPanel(GatewayService gateways, boolean admin, Runnable onChange) {
        this.gateways = gateways;
        this.admin = admin;
        this.onChange = onChange;
        grid.addComponentColumn(MemberCells::name).setHeader("Member").setAutoWidth(true);
        // Badges render after auto width is measured: fixed widths keep them whole.
        grid.addComponentColumn(MemberCells::status)
                .setHeader("Status")
                .setKey("status")
                .setWidth("7rem")
                .setFlexGrow(0);
        grid.addColumn(row -> GatewayTexts.dateTime(row.lastContactAt(), "never"))
                .setHeader("Last contact")
                .setAutoWidth(true);
        grid.addColumn(row -> row.agentVersion() == null ? "" : row.agentVersion())
                .setHeader("Agent")
                .setAutoWidth(true);
        grid.addComponentColumn(MemberCells::reportedKey)
                .setHeader("Reported key")
                .setKey("key")
                .setAutoWidth(true);
        grid.addColumn(row -> row.appliedRevision() + " / " + row.desiredRevision())
                .setHeader("Applied / desired")
                .setKey("revision")
                .setAutoWidth(true);
        grid.addComponentColumn(MemberCells::sync)
                .setHeader("Sync")
                .setKey("sync")
                .setWidth("8rem")
                .setFlexGrow(0);
        grid.addComponentColumn(MemberCells::dns)
                .setHeader(getTranslation("agent.dns.header"))
                .setKey("dns")
                .setAutoWidth(true);
        grid.addColumn(MemberRow::peerCount).setHeader("Peers").setAutoWidth(true);
        grid.addColumn(MemberRow::handshakingPeers).setHeader("Handshaking").setAutoWidth(true);
        grid.addColumn(row -> GatewayTexts.at(row.lastError(), row.lastErrorAt()))
                .setHeader("Last error")
                .setWidth("16rem")
                .setTooltipGenerator(row -> GatewayTexts.at(row.lastError(), row.lastErrorAt()));
        grid.addColumn(row -> GatewayTexts.at(row.lastDrift(), row.lastDriftAt()))
                .setHeader("Last drift repaired")
                .setWidth("16rem")
                .setTooltipGenerator(row -> GatewayTexts.at(row.lastDrift(), row.lastDriftAt()));
        grid.addColumn(MemberCells::credential)
                .setHeader("Credential")
                .setKey("credential")
                .setAutoWidth(true);
        grid.addComponentColumn(this::actions)
                .setHeader("")
                .setKey("actions")
                .setAutoWidth(true)
                .setFrozenToEnd(true);
        grid.setAllRowsVisible(true);
        grid.setEmptyStateText("No members yet: add one for each gateway host of this group");
        add.addClickListener(event -> {
            if (group != null) {
                new AddMemberDialog(gateways, group.id(), this::issued).open();
            }
        });
        add.setVisible(admin);
        var header = new HorizontalLayout(title, add);
        header.setAlignItems(FlexComponent.Alignment.BASELINE);
        setPadding(false);
        add(header, grid);
        show(null);
    }

    void show(@Nullable GroupRow selected) {
        group = selected;
        title.setText(selected == null ? "Members: select a group" : "Members of " + selected.name());
        grid.setItems(selected == null ? List.of() : gateways.members(selected.id()));
        grid.setVisible(selected != null);
        add.setEnabled(admin && selected != null);
    }

    private Component actions(MemberRow row) {
        var actions = new HorizontalLayout();
        if (admin && !row.revoked()) {
            var rotate = new Button("Rotate credential", event -> confirmRotate(row));
            rotate.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
            var revoke = new Button("Revoke", event -> confirmRevoke(row));
            revoke.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
            actions.add(rotate, revoke);
        }
        return actions;
    }

    private void confirmRotate(MemberRow row) {
        var dialog = new ConfirmDialog(
                "Rotate the credential of " + row.name() + "?",
                "A new token is issued and shown once. The current token keeps working until the agent first uses the new "
                        + "one, or until the grace period ends, so the agent can be switched over without downtime.",
                "Rotate",
                event -> change(() -> {
                    var issued = gateways.rotateCredential(row.id());
                    onChange.run();
                    var rotated = grid.getListDataView()
                            .getItems()
                            .filter(r -> r.id() == row.id())
                            .findFirst()
                            .orElse(null);
                    new CredentialDialog(issued, rotated).open();
                }));
        dialog.setCancelable(true);
        dialog.open();
    }

    private void confirmRevoke(MemberRow row) {
        var dialog = new ConfirmDialog(
                "Revoke " + row.name() + "?",
                "Its token stops working at once and it no longer counts for delivery. This cannot be undone: "
                        + "to bring the host back, add it as a new member.",
                "Revoke",
                event -> change(() -> {
                    gateways.revokeMember(row.id());
                    onChange.run();
                }));
        dialog.setCancelable(true);
        dialog.setConfirmButtonTheme("error primary");
        dialog.open();
    }

    private void issued(IssuedCredential credential) {
        onChange.run();
        new CredentialDialog(credential, null).open();
    }

    private void change(Runnable change) {
        try {
            change.run();
        } catch (InvalidInputException | NotFoundException error) {
            Feedback.error(error);
            onChange.run();
        }
    }
}

package dev.tunnelgate.gateways;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.menubar.MenuBar;
import com.vaadin.flow.component.menubar.MenuBarVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.theme.lumo.LumoUtility;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.text.NotFoundException;
import dev.tunnelgate.ui.Feedback;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The members of the selected group: what each agent reported, and (for admins) credentials and revocation. The
 * health columns fit a 1280 px screen next to the navigation; what a glance does not need (agent version, reported
 * key, last drift repaired, credential) opens below a row on a click, and the actions sit in a row menu.
 */
class MembersPanel extends VerticalLayout {
    final H3 title = new H3();
    final Grid<MemberRow> grid = new Grid<>();
    final Button add = new Button(getTranslation("gateways.members.add"));
    private final GatewayService gateways;
    private final boolean admin;
    private final @Nullable PublicUrl publicUrl;
    private final Runnable onChange;
    private @Nullable GroupRow group;
    private Set<Long> openDetails = Set.of();

    MembersPanel(GatewayService gateways, boolean admin, @Nullable PublicUrl publicUrl, Runnable onChange) {
        this.gateways = gateways;
        this.admin = admin;
        this.publicUrl = publicUrl;
        this.onChange = onChange;
        // Badges render after auto width is measured, and auto widths add up past the screen: fixed widths keep
        // every column whole and on screen; long texts wrap or end in a tooltip.
        grid.addComponentColumn(MemberCells::name)
                .setHeader(getTranslation("gateways.members.column.member"))
                .setKey("name")
                .setWidth("7rem")
                .setFlexGrow(1);
        // The endpoint role (a VRRP pair's VIP) shares the status column: a column of its own overflowed 1280 px.
        grid.addComponentColumn(MemberCells::statusAndRole)
                .setHeader(getTranslation("gateways.members.column.status"))
                .setKey("status")
                .setWidth("6.5rem")
                .setFlexGrow(0);
        grid.addColumn(row -> GatewayTexts.dateTime(row.lastContactAt(), getTranslation("gateways.members.never")))
                .setHeader(getTranslation("gateways.members.column.last-contact"))
                .setKey("last-contact")
                .setWidth("7.5rem")
                .setFlexGrow(0);
        grid.addColumn(row -> row.appliedRevision() + " / " + row.desiredRevision())
                .setHeader(getTranslation("gateways.members.column.revision"))
                .setKey("revision")
                .setWidth("6rem")
                .setFlexGrow(0);
        grid.addComponentColumn(MemberCells::sync)
                .setHeader(getTranslation("gateways.members.column.sync"))
                .setKey("sync")
                .setWidth("6.5rem")
                .setFlexGrow(0);
        grid.addColumn(row -> row.handshakingPeers() + " / " + row.peerCount())
                .setHeader(getTranslation("gateways.members.column.handshaking-peers"))
                .setKey("peers")
                .setWidth("7rem")
                .setFlexGrow(0);
        grid.addComponentColumn(MemberCells::dns)
                .setHeader(getTranslation("agent.dns.header"))
                .setKey("dns")
                .setWidth("7rem")
                .setFlexGrow(0);
        grid.addColumn(row -> GatewayTexts.at(row.lastError(), row.lastErrorAt()))
                .setHeader(getTranslation("gateways.members.column.last-error"))
                .setKey("last-error")
                .setWidth("8rem")
                .setFlexGrow(2)
                .setTooltipGenerator(row -> GatewayTexts.at(row.lastError(), row.lastErrorAt()));
        grid.addComponentColumn(this::actions)
                .setHeader("")
                .setKey("actions")
                .setWidth("3.5rem")
                .setFlexGrow(0)
                .setFrozenToEnd(true);
        grid.setItemDetailsRenderer(new ComponentRenderer<>(MemberCells::details));
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.setAllRowsVisible(true);
        grid.setEmptyStateText(getTranslation("gateways.members.empty"));
        grid.setId("members");
        add.addClickListener(event -> {
            if (group != null) {
                new AddMemberDialog(gateways, group.id(), this::issued).open();
            }
        });
        add.setVisible(admin);
        var hint = new Span(getTranslation("gateways.members.details.hint"));
        hint.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.FontSize.SMALL);
        var header = new HorizontalLayout(title, add);
        header.setAlignItems(FlexComponent.Alignment.BASELINE);
        setPadding(false);
        add(header, hint, grid);
        show(null);
    }

    /**
     * Shows the group's members. Rows whose details were open stay open: a live refresh reloads the groups, which
     * shows no group for a moment and then the same group again.
     */
    void show(@Nullable GroupRow selected) {
        var shown = grid.getListDataView().getItems().toList();
        if (!shown.isEmpty()) {
            openDetails = shown.stream()
                    .filter(grid::isDetailsVisible)
                    .map(MemberRow::id)
                    .collect(Collectors.toSet());
        }
        group = selected;
        title.setText(
                selected == null
                        ? getTranslation("gateways.members.none-selected")
                        : getTranslation("gateways.members.of", selected.name()));
        List<MemberRow> rows = selected == null ? List.of() : gateways.members(selected.id());
        grid.setItems(rows);
        rows.stream().filter(row -> openDetails.contains(row.id())).forEach(row -> grid.setDetailsVisible(row, true));
        grid.setVisible(selected != null);
        add.setEnabled(admin && selected != null);
    }

    private Component actions(MemberRow row) {
        var menu = new MenuBar();
        menu.addThemeVariants(MenuBarVariant.LUMO_TERTIARY_INLINE, MenuBarVariant.LUMO_ICON);
        var root = menu.addItem(VaadinIcon.ELLIPSIS_DOTS_V.create());
        root.setAriaLabel(getTranslation("gateways.members.actions", row.name()));
        root.setTooltipText(getTranslation("gateways.members.actions", row.name()));
        var items = root.getSubMenu();
        items.addItem(
                getTranslation("gateways.members.details"),
                event -> grid.setDetailsVisible(row, !grid.isDetailsVisible(row)));
        if (admin && !row.revoked()) {
            items.addItem(getTranslation("gateways.members.rotate"), event -> confirmRotate(row));
            items.addItem(getTranslation("gateways.members.revoke"), event -> confirmRevoke(row))
                    .addClassNames(LumoUtility.TextColor.ERROR);
        }
        return menu;
    }

    private void confirmRotate(MemberRow row) {
        var dialog = new ConfirmDialog(
                getTranslation("gateways.members.rotate.title", row.name()),
                getTranslation("gateways.members.rotate.text"),
                getTranslation("gateways.members.rotate.confirm"),
                event -> change(() -> {
                    var issued = gateways.rotateCredential(row.id());
                    onChange.run();
                    var rotated = grid.getListDataView()
                            .getItems()
                            .filter(r -> r.id() == row.id())
                            .findFirst()
                            .orElse(null);
                    new CredentialDialog(issued, rotated, publicUrl).open();
                }));
        dialog.setCancelable(true);
        dialog.setCancelText(getTranslation("gateways.cancel"));
        dialog.open();
    }

    private void confirmRevoke(MemberRow row) {
        var dialog = new ConfirmDialog(
                getTranslation("gateways.members.revoke.title", row.name()),
                getTranslation("gateways.members.revoke.text"),
                getTranslation("gateways.members.revoke.confirm"),
                event -> change(() -> {
                    gateways.revokeMember(row.id());
                    onChange.run();
                }));
        dialog.setCancelable(true);
        dialog.setCancelText(getTranslation("gateways.cancel"));
        dialog.setConfirmButtonTheme("error primary");
        dialog.open();
    }

    private void issued(IssuedCredential credential) {
        onChange.run();
        new CredentialDialog(credential, null, publicUrl).open();
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

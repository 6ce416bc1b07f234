package dev.tunnelgate.apitokens;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AnchorTarget;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import dev.tunnelgate.api.ApiSecurity;
import dev.tunnelgate.api.OpenApiConfiguration;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.text.NotFoundException;
import dev.tunnelgate.ui.Feedback;
import dev.tunnelgate.ui.Formats;
import jakarta.annotation.security.PermitAll;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;

/**
 * The signed-in user's personal access tokens for the REST API: listed with their state (never their secret),
 * created in a dialog that shows the token once, revoked after a confirmation.
 */
@Route("tokens")
@Menu(order = 100, icon = "vaadin:code", title = "apitokens.menu")
@PermitAll
public class ApiTokensView extends Main implements HasDynamicTitle, BeforeEnterObserver {
    /** What the list says about a token now. */
    enum State {
        ACTIVE,
        EXPIRED,
        REVOKED
    }

    final Grid<ApiTokenRow> grid = new Grid<>();
    final Button create = new Button(getTranslation("apitokens.new"));
    final Paragraph empty = new Paragraph(getTranslation("apitokens.empty"));
    private final ApiTokenService tokens;
    private final Clock clock;

    ApiTokensView(ApiTokenService tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
        grid.addColumn(ApiTokenRow::name)
                .setHeader(getTranslation("apitokens.column.name"))
                .setKey("name")
                .setFlexGrow(2);
        grid.addColumn(row ->
                        getTranslation("apitokens.scope." + row.scope().name().toLowerCase(Locale.ROOT)))
                .setHeader(getTranslation("apitokens.column.scope"))
                .setKey("scope")
                .setAutoWidth(true);
        grid.addColumn(row -> Formats.dateTime(row.createdAt()))
                .setHeader(getTranslation("apitokens.column.created"))
                .setKey("created")
                .setAutoWidth(true);
        grid.addColumn(row -> Formats.dateTime(row.expiresAt()))
                .setHeader(getTranslation("apitokens.column.expires"))
                .setKey("expires")
                .setAutoWidth(true);
        grid.addColumn(row -> row.lastUsedAt() == null
                        ? getTranslation("apitokens.never")
                        : Formats.dateTime(row.lastUsedAt()))
                .setHeader(getTranslation("apitokens.column.last-used"))
                .setKey("last-used")
                .setAutoWidth(true);
        grid.addComponentColumn(this::stateBadge)
                .setHeader(getTranslation("apitokens.column.state"))
                .setKey("state")
                .setAutoWidth(true);
        grid.addComponentColumn(this::actions).setKey("actions").setAutoWidth(true);
        grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.setId("api-tokens");
        grid.setSizeFull();

        create.setId("new-token");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickListener(event -> new NewApiTokenDialog(tokens, this::refresh).open());
        empty.setId("no-tokens");
        var docs = new Anchor(OpenApiConfiguration.SWAGGER_UI, getTranslation("apitokens.docs"), AnchorTarget.BLANK);
        // Swagger UI is no view: the browser loads it, the router must not try.
        docs.setRouterIgnore(true);
        docs.setId("api-docs");
        var header = new HorizontalLayout(new H2(getTranslation("apitokens.title")), create);
        header.setAlignItems(FlexComponent.Alignment.BASELINE);
        header.setWrap(true);
        setSizeFull();
        addClassNames("view");
        // A line of its own: a link inside a paragraph must stand out by more than its colour.
        add(
                header,
                new Paragraph(getTranslation("apitokens.intro", ApiSecurity.PATH)),
                new Paragraph(docs),
                empty,
                grid);
    }

    /** Each visit reads the list anew (also when the open page's menu entry is clicked): "last used" moves on. */
    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        refresh();
    }

    @Override
    public String getPageTitle() {
        return getTranslation("apitokens.title") + " · " + getTranslation("ui.app-title");
    }

    /** Reads the user's tokens again. */
    void refresh() {
        var mine = tokens.mine();
        grid.setItems(mine);
        grid.setVisible(!mine.isEmpty());
        empty.setVisible(mine.isEmpty());
    }

    static State state(ApiTokenRow row, Instant now) {
        if (row.revokedAt() != null) {
            return State.REVOKED;
        }
        return row.expiresAt().isAfter(now) ? State.ACTIVE : State.EXPIRED;
    }

    private Component stateBadge(ApiTokenRow row) {
        var state = state(row, clock.instant());
        var badge = new Span(getTranslation("apitokens.state." + state.name().toLowerCase(Locale.ROOT)));
        var tone = switch (state) {
            case ACTIVE -> "success";
            case EXPIRED -> "contrast";
            case REVOKED -> "error";
        };
        badge.getElement().getThemeList().add("badge");
        badge.getElement().getThemeList().add(tone);
        if (state == State.REVOKED && row.revokedAt() != null) {
            badge.setTitle(Formats.dateTime(row.revokedAt()));
        }
        return badge;
    }

    /** Revoke, for a token that still works; an expired or revoked one has nothing left to do. */
    private Component actions(ApiTokenRow row) {
        var cell = new HorizontalLayout();
        if (state(row, clock.instant()) == State.ACTIVE) {
            var revoke = new Button(getTranslation("apitokens.revoke"), event -> confirmRevoke(row));
            revoke.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
            revoke.addClassName("token-revoke");
            cell.add(revoke);
        }
        return cell;
    }

    private void confirmRevoke(ApiTokenRow row) {
        var dialog = new ConfirmDialog(
                getTranslation("apitokens.revoke.title", row.name()),
                getTranslation("apitokens.revoke.text"),
                getTranslation("apitokens.revoke"),
                event -> {
                    try {
                        tokens.revoke(row.id());
                        Feedback.success(getTranslation("apitokens.revoked", row.name()));
                    } catch (InvalidInputException | NotFoundException refusal) {
                        // Revoked meanwhile, from another window or through the API.
                        Feedback.error(refusal);
                    }
                    refresh();
                });
        dialog.setId("revoke-token");
        dialog.setCancelable(true);
        dialog.setCancelText(getTranslation("apitokens.cancel"));
        dialog.setConfirmButtonTheme("error primary");
        dialog.open();
    }
}

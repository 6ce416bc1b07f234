package dev.tunnelgate.apitokens;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.BasicUtilsKt;
import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.github.mvysny.kaributesting.v10.pro.ConfirmDialogKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.component.textfield.TextField;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.identity.TestLogins;
import dev.tunnelgate.testing.ApiClient;
import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.TestUsers;
import dev.tunnelgate.testing.Views;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The API tokens page as its user meets it: a new token is shown once and works over HTTP at once, a refused input
 * shows on its field and creates nothing, a revoked token is refused at once, and nobody sees another user's tokens.
 */
class ApiTokensViewIT extends PortalIntegrationTest {
    @Autowired
    ApplicationContext context;

    @Autowired
    ApiTokenService tokens;

    @Autowired
    JdbcTemplate jdbc;

    ApiClient api;
    long alice;

    @BeforeEach
    void signedInAsAnEmployee() {
        api = new ApiClient(baseUrl());
        alice = TestUsers.insert(jdbc, "Alice Tokens");
        Views.start(context);
        Views.signIn(TestLogins.as(alice, "Alice Tokens", Roles.USER), Roles.USER);
    }

    @AfterEach
    void tearDown() {
        Views.stop();
    }

    private ApiTokensView open() {
        UI.getCurrent().navigate(ApiTokensView.class);
        return LocatorJ._get(ApiTokensView.class);
    }

    private NewApiTokenDialog newTokenDialog(ApiTokensView view) {
        LocatorJ._click(view.create);
        return LocatorJ._get(NewApiTokenDialog.class);
    }

    private static List<String> names(ApiTokensView view) {
        return IntStream.range(0, GridKt._size(view.grid))
                .mapToObj(i -> GridKt._get(view.grid, i).name())
                .toList();
    }

    private static String state(ApiTokensView view, int row) {
        return ((Span) GridKt._getCellComponent(view.grid, row, "state")).getText();
    }

    private static List<Button> revokeButtons(ApiTokensView view, int row) {
        return LocatorJ._find(GridKt._getCellComponent(view.grid, row, "actions"), Button.class);
    }

    private long tokenCount(long userId) {
        return jdbc.queryForObject("select count(*) from api_token where user_id = ?", Long.class, userId);
    }

    @Test
    void every_signed_in_user_finds_the_page_in_the_menu() {
        open();
        assertThat(LocatorJ._find(SideNavItem.class))
                .extracting(SideNavItem::getLabel)
                .contains("API tokens");
        assertThat(LocatorJ._get(ApiTokensView.class).getPageTitle()).startsWith("API tokens");
    }

    @Test
    void a_new_token_is_shown_once_and_works_against_the_api_at_once() {
        var view = open();
        assertThat(view.empty.isVisible()).isTrue();
        assertThat(view.grid.isVisible()).isFalse();

        var dialog = newTokenDialog(view);
        var maxDays = (int) tokens.maxLifetime().toDays();
        assertThat(dialog.lifetime.getValue()).as("expiry by default").isEqualTo(maxDays);
        assertThat(dialog.lifetime.getMax()).isEqualTo(maxDays);
        assertThat(dialog.scope.getValue()).as("scope by default").isEqualTo(ApiTokenScope.READ_ONLY);
        dialog.name.setValue("backup script");
        dialog.scope.setValue(ApiTokenScope.READ_WRITE);
        dialog.lifetime.setValue(30);
        var before = Instant.now();
        LocatorJ._click(dialog.create);

        var secret = dialog.token.getValue();
        assertThat(secret).startsWith("tgp1.");
        assertThat(dialog.token.isReadOnly()).isTrue();
        assertThat(dialog.copy.value()).as("what the copy button copies").isEqualTo(secret);
        assertThat(dialog.copy.isVisible()).isTrue();
        assertThat(dialog.once.getText()).contains("shown only now and will not be shown again");
        assertThat(dialog.isCloseOnEsc()).as("Escape would lose the token").isFalse();
        assertThat(dialog.isCloseOnOutsideClick()).isFalse();
        assertThat(dialog.create.isVisible()).isFalse();

        var me = api.get(secret, "/api/v1/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("userId").asLong()).isEqualTo(alice);
        assertThat(me.json().get("scope").asString()).isEqualTo("READ_WRITE");

        // The list behind the dialog has the token already; its expiry is the one chosen.
        assertThat(names(view)).containsExactly("backup script");
        var row = GridKt._get(view.grid, 0);
        assertThat(row.expiresAt())
                .isBetween(
                        before.plus(Duration.ofDays(30)).minusSeconds(5),
                        Instant.now().plus(Duration.ofDays(30)));
        assertThat(state(view, 0)).isEqualTo("Active");
        assertThat(GridKt._getFormattedRow(view.grid, 0)).contains("Read and write");

        LocatorJ._click(dialog.done);
        assertThat(dialog.isOpened()).isFalse();
        // Never again: the page opened anew shows no field with the secret, and its use.
        var again = open();
        assertThat(LocatorJ._find(TextField.class))
                .noneMatch(field -> field.getValue().contains(secret));
        assertThat(UI.getCurrent().getElement().getOuterHTML()).doesNotContain(secret.split("\\.")[2]);
        assertThat(GridKt._getFormattedRow(again.grid, 0)).doesNotContain("Never");
    }

    @Test
    void the_copy_button_says_whether_the_browser_copied() {
        var dialog = newTokenDialog(open());
        dialog.name.setValue("ci");
        LocatorJ._click(dialog.create);

        // What the browser reports after the click (the clipboard itself is the browser's).
        BasicUtilsKt._fireDomEvent(dialog.copy, "tg-copied");
        NotificationsKt.expectNotifications("Token copied");
        BasicUtilsKt._fireDomEvent(dialog.copy, "tg-copy-failed");
        NotificationsKt.expectNotifications(
                "Your browser did not let the page copy: select the token and copy it (Ctrl+C or ⌘C).");
    }

    @Test
    void a_refused_input_shows_on_its_field_and_creates_nothing() {
        var dialog = newTokenDialog(open());
        dialog.name.setValue("too long");
        dialog.lifetime.setValue((int) tokens.maxLifetime().toDays() + 1);
        LocatorJ._click(dialog.create);

        assertThat(dialog.lifetime.isInvalid()).isTrue();
        assertThat(dialog.lifetime.getErrorMessage()).isEqualTo("A token expires after 1 to 90 days");
        assertThat(dialog.name.isInvalid()).isFalse();
        assertThat(dialog.token.getValue()).isEmpty();
        assertThat(tokenCount(alice)).isZero();

        // The next refusal moves to its own field; a name with a control character is no name.
        dialog.lifetime.setValue(7);
        dialog.name.setValue("evil\nname");
        LocatorJ._click(dialog.create);
        assertThat(dialog.name.isInvalid()).isTrue();
        assertThat(dialog.name.getErrorMessage()).isNotBlank();
        assertThat(dialog.lifetime.isInvalid()).isFalse();

        dialog.name.setValue("ok");
        dialog.lifetime.clear();
        LocatorJ._click(dialog.create);
        assertThat(dialog.lifetime.isInvalid()).as("no expiry").isTrue();
        assertThat(tokenCount(alice)).isZero();
        assertThat(dialog.isOpened()).isTrue();
    }

    @Test
    void a_german_page_shows_the_refusal_in_german() {
        UI.getCurrent().setLocale(Locale.GERMAN);
        var dialog = newTokenDialog(open());
        dialog.name.setValue("Sicherung");
        dialog.lifetime.setValue(0);
        LocatorJ._click(dialog.create);

        assertThat(dialog.lifetime.getErrorMessage()).isEqualTo("Ein Token läuft nach 1 bis 90 Tagen ab");
        assertThat(dialog.lifetime.getLabel()).isEqualTo("Läuft ab nach (Tagen)");
    }

    @Test
    void a_refusal_about_no_field_shows_as_a_notification() {
        jdbc.update("update app_user set offboarded_at = current_timestamp where id = ?", alice);
        var dialog = newTokenDialog(open());
        dialog.name.setValue("after offboarding");
        LocatorJ._click(dialog.create);

        NotificationsKt.expectNotifications("This account has been offboarded by an administrator:"
                + " it cannot add or change devices until an admin restores it");
        assertThat(dialog.token.getValue()).isEmpty();
        assertThat(tokenCount(alice)).isZero();
    }

    @Test
    void a_revoked_token_is_refused_at_once_and_listed_as_revoked() {
        var secret = ApiClient.token(jdbc, tokens, alice, ApiTokenScope.READ_ONLY);
        assertThat(api.get(secret, "/api/v1/me").status()).isEqualTo(200);
        var view = open();
        assertThat(state(view, 0)).isEqualTo("Active");

        // Cancelled: nothing happens.
        LocatorJ._click(revokeButtons(view, 0).getFirst());
        ConfirmDialogKt._fireCancel(LocatorJ._get(ConfirmDialog.class));
        assertThat(api.get(secret, "/api/v1/me").status()).isEqualTo(200);

        LocatorJ._click(revokeButtons(view, 0).getFirst());
        var confirm = LocatorJ._get(ConfirmDialog.class);
        assertThat(ConfirmDialogKt._getText(confirm)).contains("refused from now on");
        ConfirmDialogKt._fireConfirm(confirm);

        NotificationsKt.expectNotifications("Token test token revoked");
        var refused = api.get(secret, "/api/v1/me");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.problem()).isEqualTo("unauthorized");
        assertThat(state(view, 0)).isEqualTo("Revoked");
        assertThat(revokeButtons(view, 0)).as("nothing left to revoke").isEmpty();
    }

    @Test
    void a_token_revoked_meanwhile_elsewhere_is_said_so_and_the_list_catches_up() {
        var secret = ApiClient.token(jdbc, tokens, alice, ApiTokenScope.READ_WRITE);
        var view = open();
        LocatorJ._click(revokeButtons(view, 0).getFirst());
        // Revoked through the API while the question is open.
        assertThat(api.send("DELETE", "/api/v1/tokens/" + secret.split("\\.")[1], secret, null)
                        .status())
                .isEqualTo(204);
        ConfirmDialogKt._fireConfirm(LocatorJ._get(ConfirmDialog.class));

        NotificationsKt.expectNotifications("This token is revoked already");
        assertThat(state(view, 0)).isEqualTo("Revoked");
    }

    @Test
    void another_user_s_tokens_are_not_listed_and_an_expired_one_is_marked() {
        var bob = TestUsers.insert(jdbc, "Bob Tokens");
        var bobs = ApiClient.token(jdbc, tokens, bob, ApiTokenScope.READ_WRITE);
        var mine = ApiClient.token(jdbc, tokens, alice, ApiTokenScope.READ_ONLY);
        jdbc.update(
                "update api_token set created_at = created_at - interval '40' day,"
                        + " expires_at = created_at - interval '39' day where id = ?",
                Long.parseLong(mine.split("\\.")[1]));

        var view = open();
        assertThat(GridKt._size(view.grid)).isEqualTo(1);
        assertThat(GridKt._get(view.grid, 0).id()).isEqualTo(Long.parseLong(mine.split("\\.")[1]));
        assertThat(state(view, 0)).isEqualTo("Expired");
        assertThat(revokeButtons(view, 0)).isEmpty();
        assertThat(api.get(bobs, "/api/v1/me").status())
                .as("Bob's token is untouched")
                .isEqualTo(200);
    }
}

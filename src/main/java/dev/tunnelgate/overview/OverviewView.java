package dev.tunnelgate.overview;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasComponents;
import com.vaadin.flow.component.HasStyle;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.spring.security.AuthenticationContext;
import com.vaadin.flow.theme.lumo.LumoUtility;
import dev.tunnelgate.devices.ApprovalsView;
import dev.tunnelgate.devices.DeviceStatus;
import dev.tunnelgate.devices.FleetFilter;
import dev.tunnelgate.devices.FleetView;
import dev.tunnelgate.gateways.GatewaysView;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.jobs.JobsView;
import dev.tunnelgate.ui.Formats;
import dev.tunnelgate.ui.LiveUpdates;
import jakarta.annotation.security.RolesAllowed;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What needs attention across the fleet: devices by status, devices waiting for approval, gateways offline or
 * behind, failed jobs. Each figure links to the view that lists what it counts (a link only where the user may open
 * that view: auditors see the failed jobs as a figure, approvals only approvers decide).
 */
@Route("overview")
@Menu(order = -10, icon = "vaadin:dashboard", title = "overview.menu")
@RolesAllowed({Roles.ADMIN, Roles.AUDITOR})
public class OverviewView extends Main implements HasDynamicTitle {
    final Map<DeviceStatus, Card> devices = new EnumMap<>(DeviceStatus.class);
    final Card approvals;
    final Card gateways;
    final Card failedJobs;
    private final OverviewService overview;

    OverviewView(OverviewService overview, AuthenticationContext authentication) {
        this.overview = overview;
        var deviceCards = grid();
        for (var status : DeviceStatus.values()) {
            var card = new Card(
                    "overview-devices-" + status.name().toLowerCase(Locale.ROOT),
                    getTranslation("overview.devices." + status.name().toLowerCase(Locale.ROOT)),
                    FleetView.class,
                    QueryParameters.simple(FleetFilter.ANY.withStatus(status).toParameters()));
            devices.put(status, card);
            deviceCards.add(card.component);
        }
        approvals = new Card(
                "overview-approvals",
                getTranslation("overview.approvals"),
                authentication.hasRole(Roles.APPROVER) ? ApprovalsView.class : null,
                QueryParameters.empty());
        gateways = new Card(
                "overview-gateways", getTranslation("overview.gateways"), GatewaysView.class, QueryParameters.empty());
        failedJobs = new Card(
                "overview-failed-jobs",
                getTranslation("overview.failed-jobs"),
                authentication.hasRole(Roles.ADMIN) ? JobsView.class : null,
                QueryParameters.empty());
        var attention = grid();
        attention.add(approvals.component, gateways.component, failedJobs.component);

        addClassNames("view");
        add(
                new H2(getTranslation("overview.title")),
                new H3(getTranslation("overview.attention")),
                attention,
                new H3(getTranslation("overview.devices")),
                deviceCards);
        refresh();
        LiveUpdates.subscribe(this, this::refresh);
    }

    /** Reads the figures again; the live updates call it when devices, gateways or jobs change. */
    void refresh() {
        var figures = overview.figures();
        devices.forEach((status, card) -> card.show(figures.devices().getOrDefault(status, 0L), null));
        approvals.show(figures.pendingApprovals(), null);
        gateways.show(
                figures.gatewaysNeedingAttention(),
                getTranslation("overview.gateways.detail", figures.gatewaysOffline(), figures.gatewaysBehind()));
        failedJobs.show(figures.failedJobs(), null);
    }

    @Override
    public String getPageTitle() {
        return getTranslation("overview.title") + " · " + getTranslation("ui.app-title");
    }

    private static Div grid() {
        var grid = new Div();
        grid.addClassNames(LumoUtility.Display.GRID, LumoUtility.Gap.MEDIUM, LumoUtility.Margin.Bottom.LARGE);
        grid.getStyle().set("grid-template-columns", "repeat(auto-fill, minmax(12rem, 1fr))");
        return grid;
    }

    /** One figure with its label, a link to the view that lists what it counts when there is one to open. */
    static final class Card {
        final Component component;
        final Span count = new Span();
        final Span label = new Span();
        final Span detail = new Span();
        final @Nullable RouterLink link;

        Card(String id, String text, @Nullable Class<? extends Component> target, QueryParameters parameters) {
            label.setText(text);
            count.addClassNames(LumoUtility.FontSize.XXXLARGE, LumoUtility.FontWeight.SEMIBOLD);
            label.addClassNames(LumoUtility.FontWeight.MEDIUM);
            detail.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY);
            if (target == null) {
                link = null;
                component = styled(new Div(), id);
            } else {
                link = styled(new RouterLink(), id);
                link.setRoute(target);
                link.setQueryParameters(parameters);
                component = link;
            }
        }

        private <T extends Component & HasComponents & HasStyle> T styled(T box, String id) {
            box.add(count, label, detail);
            box.setId(id);
            box.addClassNames(
                    LumoUtility.Display.FLEX,
                    LumoUtility.FlexDirection.COLUMN,
                    LumoUtility.Padding.MEDIUM,
                    LumoUtility.BorderRadius.MEDIUM,
                    LumoUtility.Border.ALL,
                    LumoUtility.TextColor.BODY);
            box.getStyle()
                    .set("border-color", "var(--tg-card-border)")
                    .set("background", "var(--tg-card-background)")
                    .set("text-decoration", "none");
            return box;
        }

        void show(long value, @Nullable String detailText) {
            count.setText(Formats.number(value));
            detail.setText(detailText == null ? "" : detailText);
            detail.setVisible(detailText != null);
        }
    }
}

package dev.tunnelgate.gateways;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.badge.Badge;
import com.vaadin.flow.component.badge.BadgeVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.i18n.I18NProvider;
import com.vaadin.flow.theme.lumo.LumoUtility;
import dev.tunnelgate.protocol.DnsCheck;
import dev.tunnelgate.protocol.EndpointRole;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;

/** The cells of the members grid that are more than plain text: status badges, the key warning, a row's details. */
final class MemberCells {
    static final String KEY_MISMATCH = "gateways.member.key-mismatch";

    private MemberCells() {}

    /** The member's name; one that reports another key than its group's carries a warning sign. */
    static Component name(MemberRow row) {
        var name = new Span(row.name());
        if (row.revoked()) {
            name.addClassNames(LumoUtility.TextColor.DISABLED);
        }
        if (!row.keyMismatch()) {
            return name;
        }
        var warning = VaadinIcon.WARNING.create();
        warning.addClassNames(LumoUtility.TextColor.WARNING, LumoUtility.IconSize.SMALL);
        warning.setTooltipText(text(KEY_MISMATCH));
        warning.getElement().setAttribute("aria-label", text(KEY_MISMATCH));
        warning.getElement().setAttribute("role", "img");
        var cell = new HorizontalLayout(name, warning);
        cell.setSpacing(false);
        cell.addClassNames(LumoUtility.Gap.XSMALL);
        cell.setAlignItems(FlexComponent.Alignment.CENTER);
        return cell;
    }

    static Badge status(MemberRow row) {
        if (row.revoked()) {
            var badge = new Badge(text("gateways.member.revoked"));
            badge.addThemeVariants(BadgeVariant.CONTRAST);
            return badge;
        }
        var badge = new Badge(text(row.online() ? "gateways.member.online" : "gateways.member.offline"));
        badge.addThemeVariants(row.online() ? BadgeVariant.SUCCESS : BadgeVariant.ERROR);
        return badge;
    }

    /**
     * Online, offline or revoked, and below it whether the member holds the group's endpoint address (with since
     * when): one column, so the grid still fits 1280 px. No role line when the agent is not told; an offline member's
     * last claim is shown as that, not as holding the address now.
     */
    static Component statusAndRole(MemberRow row) {
        var cell = new Div(status(row));
        cell.addClassNames(
                LumoUtility.Display.FLEX,
                LumoUtility.FlexDirection.COLUMN,
                LumoUtility.AlignItems.START,
                LumoUtility.Gap.XSMALL);
        var role = row.role();
        if (role == null || row.revoked()) {
            return cell;
        }
        Badge badge;
        if (row.staleHolder()) {
            badge = new Badge(text("gateways.member.endpoint.stale"));
            badge.addThemeVariants(BadgeVariant.WARNING);
            badge.getElement().setAttribute("title", text("gateways.member.endpoint.stale.tooltip"));
        } else if (role == EndpointRole.HOLDER) {
            badge = new Badge(text("gateways.member.endpoint.holder"));
            badge.addThemeVariants(BadgeVariant.SUCCESS, BadgeVariant.FILLED);
        } else {
            badge = new Badge(text("gateways.member.endpoint.standby"));
            badge.addThemeVariants(BadgeVariant.CONTRAST);
        }
        badge.getStyle().set("white-space", "normal");
        cell.add(badge);
        if (row.endpointRoleSince() != null) {
            var since = new Span(
                    text("gateways.member.endpoint.since", GatewayTexts.dateTime(row.endpointRoleSince(), "")));
            since.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.FontSize.XSMALL);
            cell.add(since);
        }
        return cell;
    }

    /**
     * The group's line on its endpoint address: the member that holds it; a warning when two claim it (split brain)
     * or when members report roles and none online holds it; nothing for a group that uses no floating address.
     */
    static Component endpointHolder(EndpointHolding holding) {
        var cell = new HorizontalLayout();
        cell.setSpacing(false);
        cell.addClassNames(LumoUtility.Gap.XSMALL, LumoUtility.FlexWrap.WRAP);
        cell.setAlignItems(FlexComponent.Alignment.CENTER);
        switch (holding.state()) {
            case NOT_REPORTED -> {}
            case HELD -> cell.add(new Span(holding.holders().getFirst()));
            case SPLIT_BRAIN -> {
                var badge = new Badge(text("gateways.group.holder.split-brain", String.join(", ", holding.holders())));
                badge.addThemeVariants(BadgeVariant.ERROR, BadgeVariant.FILLED);
                cell.add(badge);
            }
            case NONE_HOLDS -> {
                var badge = new Badge(text("gateways.group.holder.none"));
                badge.addThemeVariants(BadgeVariant.WARNING, BadgeVariant.FILLED);
                cell.add(badge);
            }
        }
        if (holding.state() != EndpointHolding.State.NOT_REPORTED
                && !holding.staleHolders().isEmpty()) {
            var stale = new Span(text("gateways.group.holder.stale", String.join(", ", holding.staleHolders())));
            stale.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.FontSize.XSMALL);
            cell.add(stale);
        }
        return cell;
    }

    static Component reportedKey(MemberRow row) {
        var key = new Span(row.reportedPublicKey() == null ? "" : row.reportedPublicKey());
        if (!row.keyMismatch()) {
            return key;
        }
        var warning = new Badge(text(KEY_MISMATCH));
        warning.addThemeVariants(BadgeVariant.WARNING, BadgeVariant.FILLED);
        var cell = new HorizontalLayout(key, warning);
        cell.setAlignItems(FlexComponent.Alignment.CENTER);
        cell.getStyle().set("flex-wrap", "wrap");
        return cell;
    }

    static Component sync(MemberRow row) {
        if (row.revoked()) {
            return new Span();
        }
        var badge = new Badge(text(row.upToDate() ? "gateways.member.up-to-date" : "gateways.member.behind"));
        badge.addThemeVariants(row.upToDate() ? BadgeVariant.SUCCESS : BadgeVariant.WARNING);
        return badge;
    }

    /**
     * Whether DNS answers at the networks' DNS servers, seen from the gateway: a warning per kind of failure, naming
     * the servers; "DNS ok" when all answer; nothing when the networks set no DNS.
     */
    static Component dns(MemberRow row) {
        var cell = new HorizontalLayout();
        cell.setSpacing(false);
        cell.addClassNames(LumoUtility.Gap.XSMALL);
        if (row.revoked() || row.dnsChecks().isEmpty()) {
            return cell;
        }
        var byOutcome = new EnumMap<DnsCheck.Outcome, List<String>>(DnsCheck.Outcome.class);
        row.dnsChecks()
                .forEach(check -> byOutcome
                        .computeIfAbsent(check.outcome(), outcome -> new ArrayList<>())
                        .add(check.address()));
        byOutcome.forEach((outcome, addresses) -> {
            String servers = String.join(", ", addresses);
            String key = switch (outcome) {
                case OK -> "agent.dns.ok";
                case TCP_ONLY -> "agent.dns.tcp-only";
                case NO_ANSWER -> "agent.dns.no-answer";
            };
            if (outcome == DnsCheck.Outcome.OK && byOutcome.size() > 1) {
                return; // beside a failure, "DNS ok" for the other servers would read as all clear
            }
            var badge = new Badge(I18NProvider.translate(key, servers));
            badge.getElement().setAttribute("title", I18NProvider.translate(key + ".tooltip", servers));
            badge.addThemeVariants(outcome == DnsCheck.Outcome.OK ? BadgeVariant.SUCCESS : BadgeVariant.WARNING);
            cell.add(badge);
        });
        return cell;
    }

    static String credential(MemberRow row) {
        var rotated = row.credentialRotatedAt();
        if (rotated == null) {
            return "";
        }
        var until = row.previousCredentialValidUntil();
        return until == null
                ? text("gateways.member.rotated", GatewayTexts.dateTime(rotated, ""))
                : text(
                        "gateways.member.rotated-previous",
                        GatewayTexts.dateTime(rotated, ""),
                        GatewayTexts.dateTime(until, ""));
    }

    /** What opens below a row: the agent version, the reported key, the last drift repaired and the credential. */
    static Component details(MemberRow row) {
        var details = new Div(
                entry("gateways.members.column.agent", new Span(row.agentVersion() == null ? "" : row.agentVersion())),
                entry("gateways.members.column.reported-key", reportedKey(row)),
                entry(
                        "gateways.members.column.last-drift",
                        new Span(GatewayTexts.at(row.lastDrift(), row.lastDriftAt()))),
                entry("gateways.members.column.credential", new Span(credential(row))));
        details.addClassNames(
                LumoUtility.Display.GRID, LumoUtility.Gap.Column.MEDIUM, LumoUtility.Padding.Horizontal.MEDIUM);
        details.getStyle().set("grid-template-columns", "max-content 1fr");
        details.addClassName("member-details");
        return details;
    }

    private static Div entry(String labelKey, Component value) {
        var label = new Span(text(labelKey));
        label.addClassNames(LumoUtility.TextColor.SECONDARY);
        var entry = new Div(label, value);
        entry.getStyle().set("display", "contents");
        return entry;
    }

    private static String text(String key, Object... args) {
        return I18NProvider.translate(key, args);
    }
}

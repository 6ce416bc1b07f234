package dev.tunnelgate.gateways;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.badge.Badge;
import com.vaadin.flow.component.badge.BadgeVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.i18n.I18NProvider;
import com.vaadin.flow.theme.lumo.LumoUtility;
import dev.tunnelgate.protocol.DnsCheck;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;

/** The cells of the members grid that are more than plain text: status badges and the key warning. */
final class MemberCells {
    static final String KEY_MISMATCH = "Reports a different key: HA members must share one WireGuard identity";

    private MemberCells() {}

    static Span name(MemberRow row) {
        var name = new Span(row.name());
        if (row.revoked()) {
            name.addClassNames(LumoUtility.TextColor.DISABLED);
        }
        return name;
    }

    static Badge status(MemberRow row) {
        if (row.revoked()) {
            var badge = new Badge("revoked");
            badge.addThemeVariants(BadgeVariant.CONTRAST);
            return badge;
        }
        var badge = new Badge(row.online() ? "online" : "offline");
        badge.addThemeVariants(row.online() ? BadgeVariant.SUCCESS : BadgeVariant.ERROR);
        return badge;
    }

    static Component reportedKey(MemberRow row) {
        var key = new Span(GatewayTexts.shortKey(row.reportedPublicKey()));
        if (row.reportedPublicKey() != null) {
            key.setTitle(row.reportedPublicKey());
        }
        if (!row.keyMismatch()) {
            return key;
        }
        var warning = new Badge(KEY_MISMATCH);
        warning.addThemeVariants(BadgeVariant.WARNING, BadgeVariant.FILLED);
        return new HorizontalLayout(key, warning);
    }

    static Component sync(MemberRow row) {
        if (row.revoked()) {
            return new Span();
        }
        var badge = new Badge(row.upToDate() ? "up to date" : "behind");
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
        if (row.credentialRotatedAt() == null) {
            return "";
        }
        var text = "rotated " + GatewayTexts.dateTime(row.credentialRotatedAt(), "");
        return row.previousCredentialValidUntil() == null
                ? text
                : text + "; previous valid until " + GatewayTexts.dateTime(row.previousCredentialValidUntil(), "");
    }
}

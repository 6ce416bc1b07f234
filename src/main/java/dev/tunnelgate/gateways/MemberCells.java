package dev.tunnelgate.gateways;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.badge.Badge;
import com.vaadin.flow.component.badge.BadgeVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.theme.lumo.LumoUtility;

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

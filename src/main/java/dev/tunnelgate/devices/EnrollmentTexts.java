package dev.tunnelgate.devices;

import com.vaadin.flow.i18n.I18NProvider;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The service's words about a new device (its status, why there is no config) in the user's language. The service
 * words them in English; each known wording maps to a text key, and an unknown one is shown as the service wrote it.
 */
final class EnrollmentTexts {
    // The wordings of DeviceService.decideOnEnrollment; EnrollmentTextsIT enrolls through each of them.
    private static final String MANUAL = "Waiting for an approver: every device in this network is approved by hand.";
    private static final String GROUPS =
            "Waiting for an approver: you are not in a group this network approves automatically.";
    private static final String ACTIVE_PREFIX = "Active: approved automatically (";
    private static final String EVERY_DEVICE = "the network approves every device";
    private static final String MEMBER_PREFIX = "member of ";

    private EnrollmentTexts() {}

    static String status(String english) {
        if (english.equals(MANUAL)) {
            return I18NProvider.translate("enroll.status.manual");
        }
        if (english.equals(GROUPS)) {
            return I18NProvider.translate("enroll.status.groups");
        }
        if (english.startsWith(ACTIVE_PREFIX) && english.endsWith(").")) {
            var reason = english.substring(ACTIVE_PREFIX.length(), english.length() - 2);
            if (reason.equals(EVERY_DEVICE)) {
                reason = I18NProvider.translate("enroll.status.active.network");
            } else if (reason.startsWith(MEMBER_PREFIX)) {
                reason = I18NProvider.translate("enroll.status.active.group", reason.substring(MEMBER_PREFIX.length()));
            }
            return I18NProvider.translate("enroll.status.active", reason);
        }
        return english;
    }

    static String unavailable(@Nullable String english) {
        if (DeviceConfigs.NO_GATEWAY.equals(english)) {
            return I18NProvider.translate("enroll.no-gateway");
        }
        return Objects.requireNonNullElse(english, "");
    }
}

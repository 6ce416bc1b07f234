package dev.tunnelgate.devices;

import com.vaadin.flow.component.accordion.Accordion;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.i18n.I18NProvider;
import java.util.List;
import java.util.Locale;

/**
 * How to import a config with the official WireGuard app, for every platform, with the one the user picked in the
 * dialog open (Linux opens wg-quick; "Other" opens none).
 */
final class ImportGuide {
    /** The panels in order; each names the text key {@code enroll.import.<panel>}. */
    private static final List<String> PANELS =
            List.of("windows", "macos", "ios", "android", "linux-wg-quick", "linux-network-manager");

    private ImportGuide() {}

    static Div of(Platform picked, String fileName) {
        var guide = new Accordion();
        guide.setWidthFull();
        guide.close();
        for (var panel : PANELS) {
            var text = new Paragraph(I18NProvider.translate("enroll.import." + panel, fileName));
            var opened = guide.add(I18NProvider.translate("enroll.import.panel." + panel), text);
            opened.setId("import-" + panel);
            if (panel.equals(panelOf(picked))) {
                guide.open(opened);
            }
        }
        var section = new Div(new H4(I18NProvider.translate("enroll.import.title")), guide);
        section.setId("import-guide");
        section.setWidthFull();
        return section;
    }

    /** The platform's name in the user's language ("Other" is the only one that changes). */
    static String label(Platform platform) {
        return I18NProvider.translate("enroll.platform." + platform.name().toLowerCase(Locale.ROOT));
    }

    private static String panelOf(Platform platform) {
        return switch (platform) {
            case LINUX -> "linux-wg-quick";
            case OTHER -> "";
            default -> platform.name().toLowerCase(Locale.ROOT);
        };
    }
}

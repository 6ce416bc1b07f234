package dev.tunnelgate.devices;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasComponents;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.i18n.I18NProvider;
import dev.tunnelgate.qr.QrCodes;
import dev.tunnelgate.qr.QrTooLargeException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/** A config the server rendered, as "Add device" and "Replace key" hand it out. */
final class ConfigHandOut {
    private ConfigHandOut() {}

    /**
     * Shows what the result holds and how to keep it ({@link #notes}), a download, the QR code, how to import it per
     * platform, and the config's text. On a touch device the download comes first (the phone is usually the device
     * itself, and the WireGuard apps open the file) and the QR code second; elsewhere the QR code comes first, for a
     * phone to scan. The download is a data: URL built here from the rendered text, so the file never passes through
     * a server resource. Element ids start with {@code idPrefix} ({@code config-text}, {@code config-download},
     * {@code config-qr}).
     */
    static void show(
            HasComponents target,
            DeviceConfig config,
            String text,
            Platform platform,
            KeyOrigin origin,
            String idPrefix,
            String label,
            boolean touch) {
        notes(target, origin, config.includesPrivateKey());
        var download = new Anchor();
        download.setUnsafeHref("data:text/plain;charset=utf-8;base64,"
                + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
        download.setText(I18NProvider.translate("enroll.download", config.fileName()));
        download.getElement().setAttribute("download", config.fileName());
        download.setId(idPrefix + "config-download");
        Component qr;
        try {
            var image = new Image(
                    "data:image/png;base64," + Base64.getEncoder().encodeToString(QrCodes.png(text, 360)),
                    I18NProvider.translate("enroll.qr.alt"));
            image.addClassName("qr-code");
            image.setId(idPrefix + "config-qr");
            qr = image;
        } catch (QrTooLargeException tooLarge) {
            qr = new Paragraph(I18NProvider.translate("enroll.qr.too-large"));
        }
        if (touch) {
            target.add(download, new Paragraph(I18NProvider.translate("enroll.qr.scan")), qr);
        } else {
            target.add(qr, download);
        }
        var area = new TextArea(label);
        area.setValue(text);
        area.setReadOnly(true);
        area.setWidthFull();
        area.setId(idPrefix + "config-text");
        target.add(ImportGuide.of(platform, config.fileName()), area);
    }

    /**
     * Says, above the config, that a private key in it is shown only now, and what a later download from My devices
     * holds for a key of this origin (a placeholder: the server keeps no private key).
     */
    static void notes(HasComponents target, KeyOrigin origin, boolean holdsPrivateKey) {
        if (holdsPrivateKey) {
            var once = new Paragraph(I18NProvider.translate("enroll.once"));
            once.setId("config-once");
            once.getStyle().set("font-weight", "600").set("color", "var(--lumo-error-text-color)");
            target.add(once);
        }
        var redownload = new Paragraph(
                I18NProvider.translate("enroll.redownload." + origin.name().toLowerCase(Locale.ROOT)));
        redownload.setId("config-redownload");
        target.add(redownload);
    }
}

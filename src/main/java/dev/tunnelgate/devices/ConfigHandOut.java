package dev.tunnelgate.devices;

import com.vaadin.flow.component.HasComponents;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.TextArea;
import dev.tunnelgate.qr.QrCodes;
import dev.tunnelgate.qr.QrTooLargeException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A config the server rendered, as "Add device" and "Replace key" hand it out. */
final class ConfigHandOut {
    private ConfigHandOut() {}

    /**
     * Shows the config's text, a download, its QR code and how to import it on the platform. The download is a data:
     * URL built here from the rendered text, so the file never passes through a server resource. Element ids start
     * with {@code idPrefix} ({@code config-text}, {@code config-download}, {@code config-qr}).
     */
    static void show(
            HasComponents target,
            DeviceConfig config,
            String text,
            Platform platform,
            String idPrefix,
            String label,
            String privateKeyNote) {
        var area = new TextArea(label);
        area.setValue(text);
        area.setReadOnly(true);
        area.setWidthFull();
        area.setId(idPrefix + "config-text");
        var download = new Anchor();
        download.setUnsafeHref("data:text/plain;charset=utf-8;base64,"
                + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
        download.setText("Download " + config.fileName());
        download.getElement().setAttribute("download", config.fileName());
        download.setId(idPrefix + "config-download");
        target.add(download);
        try {
            var qr = new Image(
                    "data:image/png;base64," + Base64.getEncoder().encodeToString(QrCodes.png(text, 360)),
                    "QR code of the WireGuard config");
            qr.setId(idPrefix + "config-qr");
            target.add(qr);
        } catch (QrTooLargeException tooLarge) {
            target.add(new Paragraph("This config is too large for one QR code; download the file instead."));
        }
        target.add(new Paragraph(platform.importHint()), area);
        if (config.includesPrivateKey()) {
            target.add(new Paragraph(privateKeyNote));
        }
    }
}

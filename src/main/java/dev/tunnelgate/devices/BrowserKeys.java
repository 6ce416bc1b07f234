package dev.tunnelgate.devices;

import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import com.vaadin.flow.component.dependency.NpmPackage;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.i18n.I18NProvider;
import java.util.function.Consumer;

/**
 * The in-browser key method. The private key is made and kept in the page (WebCrypto X25519);
 * only the public key comes to the server, and the finished config is put together in the page.
 */
@Tag("div")
@JsModule("./tunnelgate-keys.js")
@NpmPackage(value = "qrcode", version = "1.5.4")
class BrowserKeys extends Div {
    private static final String COMPLETE =
            "return window.tunnelgateKeys.complete(this, $0, $1, $2, {download: $3, scan: $4, qrAlt: $5, label: $6, gone: $7})"; // not shown: a script

    BrowserKeys() {
        setId("browser-config");
    }

    /** Asks the page whether it can make X25519 keys. */
    void whenSupported(Consumer<Boolean> callback) {
        getElement()
                .executeJs("return window.tunnelgateKeys.supported()")
                .then(Boolean.class, callback::accept, error -> callback.accept(false));
    }

    /** Makes a key pair in the page and hands the public key to {@code withPublicKey}. */
    void generate(Consumer<String> withPublicKey, Consumer<String> onError) {
        getElement()
                .executeJs("return window.tunnelgateKeys.generate()")
                .then(
                        String.class,
                        withPublicKey::accept,
                        error -> onError.accept(I18NProvider.translate("enroll.browser.failed", error)));
    }

    /**
     * Puts the page's private key into the config and shows it with its QR code and download link (the download
     * first on a touch device, as {@link ConfigHandOut} does).
     */
    void complete(String configWithPlaceholder, String fileName, boolean touch) {
        getElement()
                .executeJs(
                        COMPLETE,
                        configWithPlaceholder,
                        fileName,
                        touch,
                        I18NProvider.translate("enroll.download", fileName),
                        I18NProvider.translate("enroll.qr.scan"),
                        I18NProvider.translate("enroll.qr.alt"),
                        I18NProvider.translate("enroll.config"),
                        I18NProvider.translate("enroll.browser.gone"));
    }
}

package dev.tunnelgate.devices;

import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import com.vaadin.flow.component.dependency.NpmPackage;
import com.vaadin.flow.component.html.Div;
import java.util.function.Consumer;

/**
 * The in-browser key method. The private key is made and kept in the page (WebCrypto X25519);
 * only the public key comes to the server, and the finished config is put together in the page.
 */
@Tag("div")
@JsModule("./tunnelgate-keys.js")
@NpmPackage(value = "qrcode", version = "1.5.4")
class BrowserKeys extends Div {

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
                        error -> onError.accept("This browser could not make a key: " + error));
    }

    /** Puts the page's private key into the config and shows it with its QR code and download link. */
    void complete(String configWithPlaceholder, String fileName) {
        getElement().executeJs("return window.tunnelgateKeys.complete(this, $0, $1)", configWithPlaceholder, fileName);
    }
}

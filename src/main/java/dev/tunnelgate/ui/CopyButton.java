package dev.tunnelgate.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.icon.VaadinIcon;

/**
 * A button that copies a text to the clipboard, in the browser and within the click: browsers let a page write to
 * the clipboard only during the user's gesture, which a round trip to the server could outlast. Where the page may
 * not use the clipboard API (plain HTTP to a host other than localhost), it falls back to the browser's copy command.
 * Then it says whether the text was copied.
 */
public class CopyButton extends Button {
    private String value = "";

    public CopyButton(String caption, String copied, String failed) {
        super(caption, VaadinIcon.COPY_O.create());
        getElement().addEventListener("tg-copied", event -> Feedback.success(copied));
        getElement().addEventListener("tg-copy-failed", event -> Feedback.error(failed));
        addAttachListener(event -> bind());
    }

    /** The text a click copies. */
    public void copies(String text) {
        value = text;
        bind();
    }

    public String value() {
        return value;
    }

    /** Hands the text to the browser; the listener is added once per element, and reads the latest text. */
    private void bind() {
        getElement().executeJs("""
                this.__tgCopyText = $0;
                if (this.__tgCopyBound) {
                    return;
                }
                this.__tgCopyBound = true;
                this.addEventListener('click', async () => {
                    const text = this.__tgCopyText;
                    let copied = false;
                    if (navigator.clipboard && window.isSecureContext) {
                        try {
                            await navigator.clipboard.writeText(text);
                            copied = true;
                        } catch (e) {
                            copied = false;
                        }
                    }
                    if (!copied) {
                        const area = document.createElement('textarea');
                        area.value = text;
                        area.setAttribute('readonly', '');
                        area.style.position = 'fixed';
                        area.style.opacity = '0';
                        (this.parentElement || document.body).appendChild(area);
                        area.select();
                        try {
                            copied = document.execCommand('copy');
                        } catch (e) {
                            copied = false;
                        }
                        area.remove();
                    }
                    this.dispatchEvent(new CustomEvent(copied ? 'tg-copied' : 'tg-copy-failed'));
                });""", value);
    }
}

package dev.tunnelgate.qr;

/** The text does not fit into a single QR code; the caller should offer the file download instead. */
public class QrTooLargeException extends RuntimeException {
    private final int textBytes;

    public QrTooLargeException(int textBytes, Throwable cause) {
        super(
                "The text is %d bytes, more than one QR code can hold (at most %d bytes at error correction level L)"
                        .formatted(textBytes, QrCodes.MAX_BYTES),
                cause);
        this.textBytes = textBytes;
    }

    public int textBytes() {
        return textBytes;
    }
}

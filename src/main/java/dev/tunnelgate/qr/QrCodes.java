package dev.tunnelgate.qr;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

/** Renders text as a QR code PNG. */
public final class QrCodes {
    /** Byte-mode capacity of the largest QR code (version 40) at level L. */
    public static final int MAX_BYTES = 2953;

    public static final int MIN_SIZE = 64;
    public static final int MAX_SIZE = 4096;

    private QrCodes() {}

    /**
     * A square PNG of at least {@code size} pixels (more when the code needs more modules than pixels).
     *
     * @throws QrTooLargeException when the text does not fit into one QR code
     */
    public static byte[] png(String text, int size) {
        if (size < MIN_SIZE || size > MAX_SIZE) {
            throw new IllegalArgumentException(
                    "QR code size must be between %d and %d pixels, got %d".formatted(MIN_SIZE, MAX_SIZE, size));
        }
        BitMatrix matrix;
        try {
            matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, size, size, hints(text));
        } catch (WriterException e) {
            throw new QrTooLargeException(text.getBytes(StandardCharsets.UTF_8).length, e);
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            MatrixToImageWriter.writeToStream(matrix, "PNG", png);
        } catch (IOException e) {
            throw new UncheckedIOException("Writing a PNG to memory failed", e);
        }
        return png.toByteArray();
    }

    private static Map<EncodeHintType, Object> hints(String text) {
        Map<EncodeHintType, Object> hints = new EnumMap<>(EncodeHintType.class);
        // The code is scanned off a screen, where damage is rare; L keeps a config with a preshared key
        // at the lowest version, i.e. the largest modules, which is what makes phone cameras succeed.
        hints.put(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.L);
        hints.put(EncodeHintType.MARGIN, 4);
        // ASCII reads the same in the default ISO-8859-1; only other text needs the UTF-8 ECI marker,
        // which some older scanners mishandle.
        if (!StandardCharsets.US_ASCII.newEncoder().canEncode(text)) {
            hints.put(EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name());
        }
        return hints;
    }
}

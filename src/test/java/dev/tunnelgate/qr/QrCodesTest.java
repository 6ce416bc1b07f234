package dev.tunnelgate.qr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.Result;
import com.google.zxing.ResultMetadataType;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import dev.tunnelgate.wgconfig.ConfigFixtures;
import dev.tunnelgate.wgconfig.WgConfigRenderer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class QrCodesTest {

    @Test
    void a_full_config_with_preshared_key_ipv6_and_many_allowed_ips_decodes_back_exactly() throws Exception {
        String config = WgConfigRenderer.render(ConfigFixtures.model());
        assertThat(config).contains("PresharedKey = ", "fd00:20::/48", "172.16.0.0/12");

        Result result = decode(QrCodes.png(config, 512));

        assertThat(result.getText()).isEqualTo(config);
        assertThat(result.getResultMetadata())
                .containsEntry(ResultMetadataType.ERROR_CORRECTION_LEVEL, ErrorCorrectionLevel.L.name());
    }

    @Test
    void png_has_the_requested_size() throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(QrCodes.png("hello", 300)));

        assertThat(image.getWidth()).isEqualTo(300);
        assertThat(image.getHeight()).isEqualTo(300);
    }

    @Test
    void non_ascii_text_survives_as_utf8() throws Exception {
        String text = "# Tunnelgate: Büro-Laptop 日本 \uD83D\uDCBB\n[Interface]\n";

        assertThat(decode(QrCodes.png(text, 400)).getText()).isEqualTo(text);
    }

    @Test
    void random_texts_up_to_the_capacity_limit_decode_back() throws Exception {
        Random random = new Random(7);
        for (int length : new int[] {1, 100, 700, 1500, 2500, QrCodes.MAX_BYTES}) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < length; i++) {
                text.append((char) (0x20 + random.nextInt(0x5f)));
            }
            assertThat(decode(QrCodes.png(text.toString(), 1200)).getText()).isEqualTo(text.toString());
        }
    }

    @Test
    void oversized_text_gives_a_clear_error() {
        String tooLong = "x".repeat(QrCodes.MAX_BYTES + 1);

        assertThatThrownBy(() -> QrCodes.png(tooLong, 512))
                .isInstanceOf(QrTooLargeException.class)
                .hasMessage(
                        "The text is 2954 bytes, more than one QR code can hold (at most 2953 bytes at error correction level L)")
                .satisfies(
                        e -> assertThat(((QrTooLargeException) e).textBytes()).isEqualTo(2954));
    }

    @Test
    void oversize_is_measured_in_utf8_bytes_not_characters() {
        String text = "ü".repeat(1500);

        assertThatThrownBy(() -> QrCodes.png(text, 512))
                .isInstanceOf(QrTooLargeException.class)
                .hasMessageContaining("3000 bytes");
    }

    @Test
    void rejects_unreasonable_sizes() {
        assertThatThrownBy(() -> QrCodes.png("x", 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QrCodes.png("x", 100_000)).isInstanceOf(IllegalArgumentException.class);
    }

    private static Result decode(byte[] png) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)));
        return new QRCodeReader()
                .decode(
                        bitmap,
                        Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE, DecodeHintType.TRY_HARDER, Boolean.TRUE));
    }
}

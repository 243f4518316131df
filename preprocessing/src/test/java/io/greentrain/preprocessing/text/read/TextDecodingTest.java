package io.greentrain.preprocessing.text.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextDecodingTest {

    @Test
    void replacesAndCountsEachMalformedSequence() {
        byte[] bytes = {'a', (byte) 0xC3, 'b', (byte) 0xE2, (byte) 0x82, 'c', (byte) 0xF0};

        DecodedText decoded = TextDecoding.decode(bytes, StandardCharsets.UTF_8);

        assertThat(decoded.text()).isEqualTo("a\uFFFDb\uFFFDc\uFFFD");
        assertThat(decoded.encodingErrors()).isEqualTo(3);
    }

    @Test
    void dropsAUtf8ByteOrderMarkAndDecodesLongTextWhole() {
        byte[] body = "中文".repeat(5000).getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[body.length + 3];
        bytes[0] = (byte) 0xEF;
        bytes[1] = (byte) 0xBB;
        bytes[2] = (byte) 0xBF;
        System.arraycopy(body, 0, bytes, 3, body.length);

        DecodedText decoded = TextDecoding.decode(bytes, StandardCharsets.UTF_8);

        assertThat(decoded.text()).isEqualTo("中文".repeat(5000));
        assertThat(decoded.encodingErrors()).isZero();
    }

    @Test
    void resolvesCharsetNamesWithFallback() {
        assertThat(TextDecoding.charsetOr("\"ISO-8859-1\"", StandardCharsets.UTF_8))
                .isEqualTo(StandardCharsets.ISO_8859_1);
        assertThat(TextDecoding.charsetOr("us-ascii", StandardCharsets.ISO_8859_1)).isEqualTo(StandardCharsets.UTF_8);
        assertThat(TextDecoding.charsetOr("gb2312", StandardCharsets.UTF_8)).isEqualTo(Charset.forName("GB2312"));
        assertThat(TextDecoding.charsetOr("bogus charset!", StandardCharsets.UTF_8)).isEqualTo(StandardCharsets.UTF_8);
        assertThat(TextDecoding.charsetOr(null, StandardCharsets.UTF_16)).isEqualTo(StandardCharsets.UTF_16);
    }
}

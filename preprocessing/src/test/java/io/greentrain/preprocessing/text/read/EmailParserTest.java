package io.greentrain.preprocessing.text.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class EmailParserTest {

    private static ParsedEmail parse(String message) {
        return parse(message.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static ParsedEmail parse(byte[] message) {
        return EmailParser.parse(message, StandardCharsets.UTF_8, true);
    }

    @Test
    void stripsHeadersAndKeepsTheSubjectAsFirstLine() {
        ParsedEmail email = parse("From someone@example.com  Tue Aug  6 11:51:02 2002\n"
                + "Received: from a\n\tby b\nSubject: Meeting\n  tomorrow\nFrom: a@example.com\n\nSee you at ten.\n");

        assertThat(email.text()).isEqualTo("Meeting tomorrow\n\nSee you at ten.\n");
        assertThat(email.encodingErrors()).isZero();
        assertThat(email.attachmentsDropped()).isZero();
    }

    @Test
    void reducesAnHtmlBodyToTextWithLineBreaks() {
        ParsedEmail email = parse("Subject: Offer\nContent-Type: text/html; charset=\"iso-8859-1\"\n\n"
                + "<html><head><style>p{color:red}</style></head><body><p>Caf\u00e9 &amp; more</p>"
                + "<script>var x = 1;</script><ul><li>one</li><li>two</li></ul>Bye<br>now</body></html>");

        assertThat(email.text()).startsWith("Offer\n\n").contains("Café & more").contains("one\n").contains("two")
                .contains("Bye\nnow").doesNotContain("color").doesNotContain("var x").doesNotContain("<");
    }

    @Test
    void decodesBase64TextPartsAndDropsAttachments() {
        String text = Base64.getMimeEncoder().encodeToString("Grüße aus Köln".getBytes(StandardCharsets.UTF_8));
        String image = Base64.getMimeEncoder().encodeToString(new byte[300]);
        ParsedEmail email = parse(("Subject: =?utf-8?B?" + Base64.getEncoder().encodeToString(
                "Grüße".getBytes(StandardCharsets.UTF_8)) + "?=\nMIME-Version: 1.0\n"
                + "Content-Type: multipart/mixed; boundary=\"XYZ\"\n\npreamble\n--XYZ\n"
                + "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n" + text + "\n"
                + "--XYZ\nContent-Type: image/png; name=a.png\nContent-Transfer-Encoding: base64\n"
                + "Content-Disposition: attachment; filename=a.png\n\n" + image + "\n--XYZ--\nepilogue\n"));

        assertThat(email.text()).isEqualTo("Grüße\n\nGrüße aus Köln");
        assertThat(email.attachmentsDropped()).isEqualTo(1);
        assertThat(email.encodingErrors()).isZero();
    }

    @Test
    void prefersThePlainPartOfAnAlternativeAndDecodesQuotedPrintable() {
        ParsedEmail email = parse("Content-Type: multipart/alternative; boundary=b1\n\n--b1\n"
                + "Content-Type: text/html\n\n<p>html version</p>\n--b1\n"
                + "Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable\n\n"
                + "Caf=E9 au lait, a long line that is=\n continued.\n--b1--\n");

        assertThat(email.text()).isEqualTo("Café au lait, a long line that is continued.");
        assertThat(email.attachmentsDropped()).isZero();
    }

    @Test
    void countsBytesThatDoNotDecodeInTheDeclaredCharset() {
        byte[] head = "Subject: x\nContent-Type: text/plain; charset=utf-8\n\nbad ".getBytes(StandardCharsets.US_ASCII);
        byte[] message = new byte[head.length + 5];
        System.arraycopy(head, 0, message, 0, head.length);
        message[head.length] = (byte) 0xE9;      // Latin-1 é, invalid in UTF-8
        message[head.length + 1] = ' ';
        message[head.length + 2] = (byte) 0xFF;  // never valid in UTF-8
        message[head.length + 3] = 'o';
        message[head.length + 4] = 'k';

        ParsedEmail email = parse(message);

        assertThat(email.text()).isEqualTo("x\n\nbad \uFFFD \uFFFDok");
        assertThat(email.encodingErrors()).isEqualTo(2);
    }

    @Test
    void fallsBackWhenTheCharsetIsUnknown() {
        ParsedEmail email = parse("Content-Type: text/plain; charset=x-no-such-charset\n\nplain words\n");

        assertThat(email.text()).isEqualTo("plain words\n");
    }
}

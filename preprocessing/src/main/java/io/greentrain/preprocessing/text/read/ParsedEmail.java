package io.greentrain.preprocessing.text.read;

/**
 * The text of one e-mail.
 *
 * @param text               subject line (if kept) and the decoded text parts, headers stripped
 * @param encodingErrors     byte sequences replaced by U+FFFD while decoding text parts and the subject
 * @param attachmentsDropped non-text MIME parts left out
 */
public record ParsedEmail(String text, int encodingErrors, int attachmentsDropped) {
}

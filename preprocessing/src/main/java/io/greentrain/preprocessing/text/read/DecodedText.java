package io.greentrain.preprocessing.text.read;

/**
 * Text decoded from bytes.
 *
 * @param text           the characters, with U+FFFD where bytes could not be decoded
 * @param encodingErrors how many malformed or unmappable byte sequences were replaced
 */
public record DecodedText(String text, int encodingErrors) {
}

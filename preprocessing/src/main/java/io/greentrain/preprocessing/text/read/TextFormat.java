package io.greentrain.preprocessing.text.read;

/** How the files of a corpus hold their documents. */
public enum TextFormat {
    /** JSON Lines (one object per line) or files holding one JSON array of objects, or a mix. */
    JSON,
    /** Plain text, one document per file. */
    TEXT_FILE,
    /** Plain text, one document per non-blank line. */
    TEXT_LINE,
    /** Raw RFC 822 / MIME e-mail, one message per file (an mbox "From " first line is skipped). */
    EMAIL
}

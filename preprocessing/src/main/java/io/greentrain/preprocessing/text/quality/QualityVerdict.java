package io.greentrain.preprocessing.text.quality;

import io.greentrain.preprocessing.text.RemovalReason;

/**
 * The outcome of the quality filters for one document.
 *
 * @param script the document's script class
 * @param reason the first failing filter, or null when the document passed all
 * @param detail the measured value against the threshold, e.g. {@code "words 12 < 50"}; null when it passed
 */
public record QualityVerdict(ScriptClass script, RemovalReason reason, String detail) {

    public boolean passed() {
        return reason == null;
    }
}

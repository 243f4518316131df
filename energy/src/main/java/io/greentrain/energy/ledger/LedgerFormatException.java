package io.greentrain.energy.ledger;

import java.io.IOException;

/** A ledger line that cannot be decoded into a {@link LedgerEntry}; the message names the file and line. */
public final class LedgerFormatException extends IOException {

    private final String source;
    private final long line;
    private final String reason;

    LedgerFormatException(String source, long line, String reason) {
        super(source + " line " + line + ": " + reason);
        this.source = source;
        this.line = line;
        this.reason = reason;
    }

    /** The file (or other source) the line came from. */
    public String source() {
        return source;
    }

    /** The line number, from 1. */
    public long line() {
        return line;
    }

    /** What is wrong with the line, without the file and line. */
    public String reason() {
        return reason;
    }
}

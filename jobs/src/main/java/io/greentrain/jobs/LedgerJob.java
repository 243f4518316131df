package io.greentrain.jobs;

/** Main class of the {@code ledger} command ({@code verify} and {@code report}). */
public final class LedgerJob {

    private LedgerJob() {
    }

    public static void main(String[] args) {
        GreentrainMain.runAndExit(Job.LEDGER, args);
    }
}

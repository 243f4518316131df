package io.greentrain.jobs.ledger;

import io.greentrain.energy.report.BrokenLedgerException;
import io.greentrain.energy.report.LedgerReportMain;
import io.greentrain.energy.report.LedgerReportMain.ReportArguments;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * {@code greentrain ledger verify LEDGER...} and {@code greentrain ledger report LEDGER... --out DIR [--force]
 * [--meter] [--engine auto|local|spark]}:
 * the ledger tools of the energy report module ({@link LedgerReportMain}), with the report made idempotent like the
 * pipeline's steps ({@link LedgerReportRunner}: skipped when its marker says it was written from the same segments;
 * {@code --force} writes it again).
 *
 * <p>Exit codes of {@code verify}: 0 when every run of every ledger is intact (sealed or not), 1 when one is not
 * (the first bad entry is named on standard error; with {@code --key FILE}, also a seal whose HMAC does not match),
 * 2 for bad usage or an unreadable ledger, 3 with {@code --require-sealed} when every run is intact but one is
 * unsealed. {@code report} verifies first and exits 1 on a broken chain unless {@code --allow-broken}.
 */
public final class LedgerCommand {

    public static final String USAGE = String.join("\n",
            "usage: greentrain ledger verify [--key FILE] [--require-sealed] LEDGER...",
            "       greentrain ledger report LEDGER... --out DIR [--force] [--allow-broken] [--meter]"
                    + " [--engine auto|local|spark]");

    private LedgerCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            (args.length == 0 ? err : out).println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        switch (args[0]) {
            case "verify":
                return LedgerReportMain.verify(rest, out, err);
            case "report":
                return report(rest, out, err);
            default:
                err.println("error: unknown ledger command '" + args[0] + "'");
                err.println(USAGE);
                return 2;
        }
    }

    private static int report(List<String> args, PrintStream out, PrintStream err) {
        ReportArguments parsed;
        try {
            parsed = ReportArguments.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try {
            return LedgerReportRunner.run(parsed.ledgers(), parsed.outDir(), parsed.force(), parsed.allowBroken(),
                    parsed.engine(), parsed.meter(), out);
        } catch (BrokenLedgerException e) {
            err.println("error: the report refuses a broken ledger (--allow-broken writes it anyway): "
                    + e.getMessage());
            return 1;
        }
    }
}

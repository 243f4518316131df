package io.greentrain.jobs.ledger;

import io.greentrain.energy.ledger.LedgerVerification;
import io.greentrain.energy.ledger.LedgerVerifier;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code greentrain ledger verify LEDGER...} and {@code greentrain ledger report LEDGER... --out DIR [--force]}
 * (the report is skipped when its marker says it was written from the same segments; {@code --force}
 * writes it again).
 *
 * <p>Exit codes of {@code verify}: 0 when every run of every ledger is intact, 1 when one is not
 * (the first bad entry is named on standard error), 2 for bad usage or an unreadable ledger.
 */
public final class LedgerCommand {

    public static final String USAGE = String.join("\n",
            "usage: greentrain ledger verify LEDGER...",
            "       greentrain ledger report LEDGER... --out DIR [--force]");

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
                return verify(rest, out, err);
            case "report":
                return report(rest, out, err);
            default:
                err.println("error: unknown ledger command '" + args[0] + "'");
                err.println(USAGE);
                return 2;
        }
    }

    private static int verify(List<String> ledgers, PrintStream out, PrintStream err) {
        if (ledgers.isEmpty()) {
            err.println("error: ledger verify needs at least one LEDGER path");
            return 2;
        }
        Configuration conf = new Configuration();
        int exit = 0;
        for (String ledger : ledgers) {
            try {
                Path path = new Path(ledger);
                FileSystem fs = path.getFileSystem(conf);
                if (!fs.exists(path)) {
                    err.println("error: no ledger at " + ledger);
                    return 2;
                }
                LedgerVerification verification = new LedgerVerifier(fs, path).verifyAll();
                if (verification.runs().isEmpty()) {
                    err.println("error: " + ledger + " holds no run (expected run=<id>/segment-*.jsonl)");
                    return 2;
                }
                if (verification.ok()) {
                    out.println(ledger + ": " + verification.describe());
                } else {
                    err.println(ledger + ": " + verification.describe());
                    exit = 1;
                }
            } catch (IOException e) {
                err.println("error: cannot read ledger " + ledger + ": " + e.getMessage());
                return 2;
            }
        }
        return exit;
    }

    private static int report(List<String> args, PrintStream out, PrintStream err) {
        List<String> ledgers = new ArrayList<>();
        String outDir = null;
        boolean force = false;
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--out")) {
                if (i + 1 >= args.size()) {
                    err.println("error: --out needs a value");
                    return 2;
                }
                outDir = args.get(++i);
            } else if (args.get(i).equals("--force")) {
                force = true;
            } else if (args.get(i).startsWith("--")) {
                err.println("error: unknown argument '" + args.get(i) + "'");
                return 2;
            } else {
                ledgers.add(args.get(i));
            }
        }
        if (ledgers.isEmpty() || outDir == null) {
            err.println("error: ledger report needs LEDGER paths and --out DIR");
            err.println(USAGE);
            return 2;
        }
        return LedgerReportRunner.run(ledgers, outDir, force, out);
    }
}

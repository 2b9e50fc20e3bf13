/** Commander wiring: one subcommand per file under commands/, loaded lazily so `score "…"` starts fast. */
import { Command, Option } from 'commander';
import type { Context } from './context.js';
import { packageVersion } from '../io/package.js';

export type Runner = (ctx: Context) => Promise<number>;

/** Build the program; the chosen command's runner is stored in `result.run` once parsing is done. */
export function buildProgram(ctx: Context): { program: Command; result: { run?: Runner } } {
  const result: { run?: Runner } = {};
  const program = new Command('scamscan')
    .description('Score SMS/chat messages in Thai, Chinese, Burmese and English for scam risk.')
    .version(packageVersion(), '-V, --version')
    .showHelpAfterError(false)
    .configureOutput({
      writeOut: (s) => ctx.stdout.write(s),
      writeErr: (s) => ctx.stderr.write(s),
      outputError: (s, write) => write(`scamscan: ${s.replace(/^error: /, '')}`),
    })
    .exitOverride();

  program
    .command('score')
    .description('score messages: given as arguments, or a file / stdin in batch (one output row per input row)')
    .argument('[text...]', 'messages to score (each argument is one message)')
    .option('-i, --input <file>', 'input file, or - for stdin (.gz read transparently)')
    .addOption(new Option('-f, --format <format>', 'input format (default: from the file extension; text for stdin)').choices(['text', 'csv', 'tsv', 'jsonl']))
    .option('--encoding <name>', 'input character encoding, e.g. gb18030, big5, windows-874, utf-16le (default: utf-8, or utf-16 after a UTF-16 byte-order mark)')
    .addOption(new Option('-o, --output <format>', 'output format (default: table on a terminal, else jsonl)').choices(['table', 'jsonl', 'csv', 'tsv']))
    .option('--text-column <name>', 'column holding the message (CSV/TSV/JSONL)', 'text')
    .option('--id-column <name>', 'column holding the row id (default: "id" if present, else the row number)')
    .option('--keep-columns <list>', 'comma-separated input columns to copy into the output')
    .option('-m, --model <file>', 'model file (default: the shipped model, or $SCAMSCAN_MODEL)')
    .option('--reasons <n>', 'number of top features to report per message', (v) => Number(v), 3)
    .option('--explain', 'add each stage\'s output and the top features with spans (an "explain" field in JSONL; the full explanation per message in a table)')
    .option('-j, --jobs <n>', 'scoring threads for batch scoring, this one included (default: up to the number of cores, as many as the input is long enough to use); output is identical for any n')
    .option('--output-file <file>', 'write to a file instead of stdout (gzip when it ends in .gz; renamed into place when complete)')
    .option('--bom', 'start CSV output with a byte-order mark (for Excel)')
    .addOption(new Option('--fail-on <label>', 'CI: exit 1 when more than --max-rate of the rows reach this risk').choices(['high', 'medium']))
    .option('--max-rate <r>', 'CI: allowed share of rows at --fail-on risk (0–1, default 0)')
    .option('-q, --quiet', 'no progress bar, no summary and no warnings on stderr')
    .option('--line-buffered', 'write each row as soon as it is scored (a long-running score fed one message at a time through a pipe; scores on one thread)')
    .addHelpText('after', '\nExamples:\n  scamscan score "ยินดีด้วย คุณได้รับรางวัล คลิก bit.ly/x"\n  scamscan score -i data/samples/messages.tsv -o jsonl\n  cat dump.txt | scamscan score -o csv > scored.csv\n  scamscan score -i legacy-dump.txt --encoding gb18030 -o jsonl   # a GBK dump\n  scamscan score -i sample.tsv -o jsonl --fail-on high --max-rate 0.05   # in CI\n  coproc SCAN { scamscan score -o jsonl -q --line-buffered; }   # resident: one line in, one line out\n\nExit codes: 0 all rows scored (and the --fail-on condition not met); 1 some rows were errors, the\n--fail-on condition was met, or an input/model error; 2 usage error.')
    .action(async (texts: string[], opts) => {
      const { runScore } = await import('./commands/score.js');
      result.run = (c) => runScore(texts, opts, c);
    });

  program
    .command('train')
    .description('train a model from labeled files (label column: scam/spam positive, ham negative, unlabeled skipped)')
    .argument('[files...]', 'labeled TSV/CSV/JSONL files (.gz fine); the corpus name is the file name')
    .option('-i, --input <file...>', 'more labeled files (same as the arguments)')
    .option('--init <model>', 'continue training from this model (incremental retraining on new labeled data)')
    .requiredOption('-o, --output <file>', 'where to write the model (atomically)')
    .option('--seed <n>', 'random seed (shuffling)', '1')
    .option('--label-column <name>', 'column holding the label', 'label')
    .option('--text-column <name>', 'column holding the message', 'text')
    .addOption(new Option('-f, --format <format>', 'input format (default: from the extension)').choices(['csv', 'tsv', 'jsonl']))
    .option('--encoding <name>', 'input character encoding, e.g. gb18030, big5, windows-874, utf-16le (default: utf-8, or utf-16 after a UTF-16 byte-order mark)')
    .option('--bits <n>', 'log2 of the number of hash buckets (10–24)')
    .option('--epochs <n>', 'passes over the training split')
    .option('--char-ngrams <n>', 'character n-gram length inside Thai/Burmese words (0 = off)')
    .option('--weak-weight <w>', 'weight of rows whose quality column says "weak" (0–1)', '0.5')
    .option('--nb <k>', 'naive-Bayes feature scaling strength while training (0 = off; default 0.5; --init: the model\'s)')
    .option('--type-column <name>', 'column holding the scam type of positive rows (when present)', 'scam_type')
    .option('--patterns <dir>', 'folder of scam-type lexicons (<lang>.json; default: the shipped src/patterns)')
    .option('--no-types', 'train no scam-type model (implies --no-pattern-features)')
    .option('--no-pattern-features', 'do not use scam-type pattern hits as risk features')
    .option('--no-cue-features', 'do not use intent cues (asks for a code, a fee, a chat app; warns never to share) as risk features')
    .option('--suite-train [dir]', "also train on the dev half of the behavioural suite (hand-written cases; default data/suite/); the held-out half stays unseen")
    .option('--suite-weight <w>', 'weight of each suite training case relative to an average corpus row (default 40)')
    .option('--cue-l2 <k>', 'L2 strength on the cue layer\'s cue weights (default 1)')
    .option('--all-rows', 'train and calibrate on every row, holding none out (a small file; no test evaluation)')
    .option('--json', 'print the test-split evaluation as JSON')
    .option('-q, --quiet', 'no progress messages on stderr')
    .addHelpText('after', '\nExamples:\n  scamscan train data/samples/messages.tsv --all-rows -o my.model\n  scamscan train data/*.tsv.gz --seed 1 -o models/default.model\n  scamscan train --init models/default.model -i new-labeled.tsv -o models/updated.model')
    .action(async (files: string[], opts) => {
      const { runTrain } = await import('./commands/train.js');
      result.run = (c) => runTrain(files, opts, c);
    });

  program
    .command('eval')
    .description('evaluate a model on the test split of labeled files (or --split all for an outside file)')
    .argument('[files...]', 'labeled TSV/CSV/JSONL files, in the same order as for training')
    .option('-m, --model <file>', 'model file (default: the shipped model)')
    .option('--suite [dir]', 'run the behavioural suite (hand-written lures and genuine look-alikes; default data/suite/) instead of labeled files')
    .addOption(new Option('--half <half>', 'with --suite: the dev half, the held-out half or all cases').choices(['dev', 'held', 'all']).default('all'))
    .option('--failures', 'with --suite: list the cases that failed')
    .addOption(new Option('--split <name>', 'which rows to evaluate').choices(['test', 'validation', 'train', 'all']).default('test'))
    .option('--label-column <name>', 'column holding the label', 'label')
    .option('--type-column <name>', 'column holding the scam type of positive rows (when present)', 'scam_type')
    .option('--text-column <name>', 'column holding the message', 'text')
    .addOption(new Option('-f, --format <format>', 'input format (default: from the extension)').choices(['csv', 'tsv', 'jsonl']))
    .option('--encoding <name>', 'input character encoding, e.g. gb18030, big5, windows-874, utf-16le (default: utf-8, or utf-16 after a UTF-16 byte-order mark)')
    .option('--json', 'machine-readable output')
    .option('--loco', 'also run leave-one-corpus-out: retrain without each corpus and score it (minutes)')
    .option('--report <file.html>', 'write a self-contained HTML report (PR curves, calibration, confusion, thresholds)')
    .option('-q, --quiet', 'no notices on stderr (bad rows skipped, leave-one-corpus-out progress, report written)')
    .addHelpText('after', '\nExamples:\n  scamscan eval data/*.tsv.gz --json\n  scamscan eval data/*.tsv.gz --loco\n  scamscan eval --suite --half held')
    .action(async (files: string[], opts) => {
      if (opts.suite) {
        const { runSuiteCommand } = await import('./commands/suite.js');
        result.run = (c) => runSuiteCommand(opts, c);
        return;
      }
      const { runEval } = await import('./commands/eval.js');
      result.run = (c) => runEval(files, opts, c);
    });

  program
    .command('explain')
    .description("show each stage's output for a message and the features that pushed its score, with their spans")
    .argument('<text...>', 'messages to explain')
    .option('-m, --model <file>', 'model file (default: the shipped model)')
    .option('--top <n>', 'how many features to list', '10')
    .option('--json', 'one JSON object per message')
    .addHelpText('after', '\nExample:\n  scamscan explain "ยินดีด้วย คุณได้รับรางวัล กดรับที่ bit.ly/abc"')
    .action(async (texts: string[], opts) => {
      const { runExplain } = await import('./commands/explain.js');
      result.run = (c) => runExplain(texts, opts, c);
    });

  program
    .command('inspect')
    .description("print a model file's header, configuration, training data, thresholds, metrics and strongest features")
    .argument('[model]', 'model file (default: the shipped model)')
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExample:\n  scamscan inspect models/default.model')
    .action(async (path: string | undefined, opts) => {
      const { runInspect } = await import('./commands/inspect.js');
      result.run = (c) => runInspect(path, opts, c);
    });

  // Options shared by `campaigns` and `iocs` (reading and scoring a dump as `score` does, or merging shards).
  const dumpOptions = (cmd: Command) =>
    cmd
      .option('-i, --input <file>', 'the dump: a file, or - for stdin (.gz read transparently)')
      .option('--merge <files...>', "instead of a dump: campaign JSONL files written by `campaigns -o jsonl --min-size 1` on shards")
      .addOption(new Option('-f, --format <format>', 'input format (default: from the file extension; text for stdin)').choices(['text', 'csv', 'tsv', 'jsonl']))
      .option('--encoding <name>', 'input character encoding, e.g. gb18030, big5, windows-874, utf-16le (default: utf-8)')
      .option('--text-column <name>', 'column holding the message (CSV/TSV/JSONL)', 'text')
      .option('--id-column <name>', 'column holding the row id (default: "id" if present, else the row number)')
      .option('--time-column <name>', 'column holding the time a message was seen (ISO 8601 sorts right): first/last seen instead of rows')
      .option('-m, --model <file>', 'model file (default: the shipped model, or $SCAMSCAN_MODEL)')
      .addOption(new Option('--min-label <label>', 'lowest risk label grouped').choices(['low', 'medium', 'high']).default('medium'))
      .option('--min-score <p>', 'lowest score grouped (0–1; with --min-label)')
      .option('--min-size <n>', 'smallest campaign reported (default 2; use 1 on shards that will be merged)')
      .option('--row-offset <n>', 'number of rows before this shard in the whole dump (row numbers then match a whole-file run)')
      .option('-j, --jobs <n>', 'scoring threads, this one included (default: up to the number of cores, as many as the input is long enough to use); output is identical for any n')
      .option('--max-keys <n>', 'memory budget in LSH band keys (~32 bytes each): exact while the dump needs no more; beyond it, keys not hit for n/48 risky messages are forgotten (default 1000000)')
      .option('--output-file <file>', 'write to a file instead of stdout (gzip when it ends in .gz)')
      .option('-q, --quiet', 'no progress bar and no summary on stderr');

  dumpOptions(
    program
      .command('campaigns')
      .description('group risky messages into campaigns: templates that differ only in names, amounts, links, codes and disguises')
      .addOption(new Option('-o, --output <format>', 'output format (default: table on a terminal, else jsonl)').choices(['table', 'jsonl', 'csv', 'tsv']))
      .option('--rows <file>', "also write each input row's campaign id (one line per input row; .csv/.tsv, else JSONL)"),
  )
    .addHelpText('after', '\nExamples:\n  scamscan campaigns -i dump.tsv.gz\n  scamscan campaigns -i dump.csv --time-column received_at -o jsonl --rows rows.csv > campaigns.jsonl\n  scamscan campaigns -i part1.txt --min-size 1 -o jsonl > a.jsonl; scamscan campaigns -i part2.txt --min-size 1 --row-offset 500000 -o jsonl > b.jsonl\n  scamscan campaigns --merge a.jsonl b.jsonl -o jsonl   # = the whole dump at once (docs/campaigns.md)')
    .action(async (opts) => {
      const { runCampaigns } = await import('./commands/campaigns.js');
      result.run = (c) => runCampaigns(opts, c);
    });

  dumpOptions(
    program
      .command('iocs')
      .description('list the indicators in risky messages (URLs, domains, phones in E.164, messenger IDs, e-mails, accounts, wallets) with counts and campaigns')
      .addOption(new Option('-o, --output <format>', 'output format (default: table on a terminal, else jsonl); stix: a STIX 2.1 bundle').choices(['table', 'jsonl', 'csv', 'tsv', 'stix']))
      .option('--min-count <n>', 'only indicators seen in at least n risky messages', '1')
      .option('--kinds <list>', 'only these kinds (comma-separated: url, domain, phone, messenger, handle, email, account, wallet)')
      .option('--stix-time <timestamp>', 'created/modified time of the STIX objects (default: now)'),
  )
    .addHelpText('after', '\nExamples:\n  scamscan iocs -i dump.tsv.gz\n  scamscan iocs -i dump.tsv.gz -o stix --output-file indicators.stix.json\n  scamscan iocs --merge a.jsonl b.jsonl -o csv')
    .action(async (opts) => {
      const { runIocs } = await import('./commands/iocs.js');
      result.run = (c) => runIocs(opts, c);
    });

  for (const cmd of program.commands) {
    cmd.exitOverride().configureOutput({
      writeOut: (s) => ctx.stdout.write(s),
      writeErr: (s) => ctx.stderr.write(s),
      outputError: (s, write) => write(`scamscan ${cmd.name()}: ${s.replace(/^error: /, '')}`),
    });
  }
  return { program, result };
}

import { Command, InvalidArgumentError, Option } from 'commander';
import { archiveCommand } from '../commands/archive-command';
import { benchCommand } from '../commands/bench-command';
import { configCommand } from '../commands/config-command';
import { datasetInfoCommand, datasetSampleCommand } from '../commands/dataset-command';
import { envsCommand } from '../commands/envs-command';
import { exportCommand } from '../commands/export-command';
import { reportCommand } from '../commands/report-command';
import { resumeCommand } from '../commands/resume-command';
import { sweepCommand } from '../commands/sweep-command';
import { trainCommand } from '../commands/train-command';
import { workerCommand } from '../commands/worker-command';
import { CliOutput, type CliIo } from '../output/cli-io';

const VERSION = '0.1.0';

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('expected an integer >= 1');
  return n;
}

function seedList(value: string, previous: number[] = []): number[] {
  const parts = value.split(',').map((s) => s.trim());
  // An empty part is no seed (Number('') would be 0).
  const seeds = parts.map((s) => (s === '' ? Number.NaN : Number(s)));
  if (!seeds.every((s) => Number.isSafeInteger(s) && s >= 0)) throw new InvalidArgumentError('expected integers >= 0, e.g. 0,1,2');
  const all = [...previous, ...seeds];
  const repeated = all.find((seed, i) => all.indexOf(seed) !== i);
  // Two runs of one seed would share a run directory.
  if (repeated !== undefined) throw new InvalidArgumentError(`expected distinct seeds (${repeated} is given twice)`);
  return all;
}

function fraction(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError('expected a number in [0, 1]');
  return n;
}

function nonNegativeInteger(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError('expected an integer >= 0');
  return n;
}

const KERNEL_THREADS_HELP =
  'threads running the wasm kernels (default 1): large dense convolutions and their gradients share their work with n - 1 helper threads; results are bit-identical for any n';

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Commander's names for the config overrides -> the commands' names. */
function overridesOf(options: { set?: string[]; seed?: number[]; frames?: number; output?: string; plugin?: string[] }) {
  return {
    ...(options.set !== undefined ? { set: options.set } : {}),
    ...(options.seed !== undefined ? { seeds: options.seed } : {}),
    ...(options.frames !== undefined ? { frames: options.frames } : {}),
    ...(options.output !== undefined ? { output: options.output } : {}),
    ...(options.plugin !== undefined ? { plugins: options.plugin } : {}),
  };
}

type OverrideOptions = Parameters<typeof overridesOf>[0];

interface CommonOptions {
  readonly json?: boolean;
  readonly quiet?: boolean;
}

/**
 * The `prunerl` command (commander): train, resume, sweep, worker, compare, report, dataset, export, envs, config, bench,
 * each with `--help`. `setExitCode` receives each action's exit code; errors propagate to the
 * caller ({@link runCli} turns them into messages and codes).
 */
export function createProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const outputOf = (options: CommonOptions): CliOutput => new CliOutput(io, { json: options.json === true, quiet: options.quiet === true });
  const common = (command: Command): Command =>
    command.option('-q, --quiet', 'no progress bars or informational lines').option('--json', 'machine-readable output: one JSON object per line on stdout');
  const overrides = (command: Command): Command =>
    command
      .option('-s, --set <path=value>', 'override a config field, e.g. --set network.width=3 (repeatable)', collect)
      .option('--seed <seeds>', 'seeds instead of the config\'s, e.g. --seed 0,1,2', seedList)
      .option('--frames <n>', 'frames budget (iterations follow from stepsPerIteration)', positiveInteger)
      .option('-o, --output <dir>', 'output directory instead of the config\'s outputDir')
      .option('-p, --plugin <path-or-package>', 'load a plugin that registers parts (repeatable)', collect);

  const program = new Command('prunerl')
    .description('Train value-based deep RL agents whose networks are pruned while they learn (prunerl).')
    .version(VERSION)
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .exitOverride();

  common(
    overrides(
      program
        .command('train')
        .summary('train the runs of an experiment config')
        .description(
          'Train every seed of an experiment config (YAML or JSON). The config is validated and every part built before any file is written. ' +
            'A checkpoint is written at the end of every iteration; Ctrl-C finishes the current step, writes a checkpoint and exits 0.',
        )
        .argument('<config>', 'experiment config file (.yaml, .yml or .json)'),
    )
      .option('-r, --resume', 'continue existing runs (skip complete ones) instead of refusing to overwrite them')
      .option('--log-replay', 'log every training transition (with the behaviour epsilon) as a dataset in <run>/dataset/ (logging.replay)')
      .option('--kernel-threads <n>', KERNEL_THREADS_HELP, positiveInteger),
  ).action(async (file: string, options: CommonOptions & OverrideOptions & { resume?: boolean; logReplay?: boolean; kernelThreads?: number }) => {
    const overrides = overridesOf(options);
    const set = options.logReplay ? [...(overrides.set ?? []), 'logging.replay=true'] : overrides.set;
    const threads = options.kernelThreads !== undefined ? { kernelThreads: options.kernelThreads } : {};
    setExitCode(await trainCommand(file, { ...overrides, ...(set ? { set } : {}), resume: options.resume === true, ...threads }, outputOf(options)));
  });

  common(
    program
      .command('resume')
      .summary('continue runs from their last complete checkpoint')
      .description(
        'Continue a run from its last complete checkpoint (a damaged newest checkpoint is detected by its checksums and the previous one used). ' +
          'The target is a run directory, an experiment directory (every seed-* run in it) or a config file.',
      )
      .argument('<target>', 'run directory, experiment directory or config file')
      .option('--kernel-threads <n>', KERNEL_THREADS_HELP, positiveInteger),
  ).action(async (target: string, options: CommonOptions & { kernelThreads?: number }) => {
    setExitCode(await resumeCommand(target, outputOf(options), options.kernelThreads !== undefined ? { kernelThreads: options.kernelThreads } : {}));
  });

  const sweepOptions = (command: Command): Command =>
    common(
      command
        .option('-w, --workers <n>', 'parallel worker processes (default: the sweep\'s, else the number of CPU cores)', positiveInteger)
        .option('--kernel-threads <n>', `${KERNEL_THREADS_HELP} (per run: useful when --workers leaves cores idle)`, positiveInteger)
        .option('--frames <n>', 'frames budget of every run', positiveInteger)
        .option('--seed <seeds>', 'seeds instead of the sweep\'s, e.g. --seed 0,1,2', seedList)
        .option('-o, --output <dir>', 'root output directory instead of the sweep\'s')
        .option('--no-report', 'do not write the HTML report at the end')
        .option('--list', 'list the runs without training'),
    );
  type SweepOptions = CommonOptions & {
    preset?: string;
    workers?: number;
    kernelThreads?: number;
    frames?: number;
    seed?: number[];
    output?: string;
    report?: boolean;
    list?: boolean;
    queue?: string;
    store?: string;
    wait?: boolean;
    status?: boolean;
    cancel?: boolean;
    retryFailed?: boolean;
  };
  const runSweepAction = async (file: string | undefined, options: SweepOptions): Promise<void> => {
    setExitCode(
      await sweepCommand(
        file,
        {
          ...(options.preset !== undefined ? { preset: options.preset } : {}),
          ...(options.workers !== undefined ? { workers: options.workers } : {}),
          ...(options.kernelThreads !== undefined ? { kernelThreads: options.kernelThreads } : {}),
          ...(options.frames !== undefined ? { frames: options.frames } : {}),
          ...(options.seed !== undefined ? { seeds: options.seed } : {}),
          ...(options.output !== undefined ? { output: options.output } : {}),
          report: options.report !== false,
          list: options.list === true,
          ...(options.queue !== undefined ? { queue: options.queue } : {}),
          ...(options.store !== undefined ? { store: options.store } : {}),
          wait: options.wait === true,
          status: options.status === true,
          cancel: options.cancel === true,
          retryFailed: options.retryFailed === true,
        },
        outputOf(options),
      ),
    );
  };

  sweepOptions(
    program
      .command('sweep')
      .summary('run a grid of configs x seeds in parallel, then the report')
      .description(
        'Expand a sweep file (a base config, a grid of values by config path, variants, seeds, a frames budget), validate every run, ' +
          'train them in parallel worker processes (complete runs are skipped, partial ones resumed), then write the HTML report. ' +
          'Presets for the paper\'s figures at MinAtar scale: --preset fig1-width-scaling, fig3-sparsity, fig4-cnn-width, fig5-replay-ratio, fig8-offline, fig9-sac, fig12-baselines, fig13-lottery, fig19-ppo, fig22-rigl, quickstart.',
      )
      .argument('[sweep]', 'sweep file (.yaml or .json)')
      .option('--preset <name>', 'a shipped sweep preset instead of a file')
      .option('--queue <url>', 'enqueue the runs on Redis (redis://host:port[/db]) for `prunerl worker`s on any machine instead of training here')
      .option('--store <dir>', 'with --queue: the directory every worker reaches (shared file system), where the runs are written')
      .option('--wait', 'with --queue: follow the runs until every one is complete or failed, then write the report')
      .option('--status', 'with --queue: print where each run stands (queued, active on which worker and how far, complete, failed); no sweep file: every sweep')
      .option('--cancel', 'with --queue: take the sweep off the queue (running runs checkpoint and stop; run directories are kept); no sweep file: every sweep')
      .option('--retry-failed', 'with --queue: put the sweep\'s failed runs back in the queue'),
  ).action(runSweepAction);

  common(
    program
      .command('worker')
      .summary('train runs enqueued by `prunerl sweep --queue`, on this machine')
      .description(
        'Take runs from the queue (BullMQ on Redis) and train each in its own process, --concurrency at a time, writing them into the shared store; ' +
          'a run whose worker died is taken back by another and resumes from its last checkpoint. Waits when the queue is empty. ' +
          'Ctrl-C or SIGTERM: running runs finish their step, write a checkpoint and go back to the queue. See docs/distributed.md.',
      )
      .requiredOption('--queue <url>', 'the Redis of the queue: redis://host:port[/db]')
      .requiredOption('--store <dir>', "this machine's path to the shared store")
      .option('-c, --concurrency <n>', 'runs trained at once, one process (one core) each (default 1)', positiveInteger)
      .option('--name <name>', 'the name --status shows for this worker (default <host>:<pid>)')
      .option('--lock-duration <ms>', 'job lock: a worker silent this long loses its runs to the others (default 30000)', positiveInteger)
      .option('--stalled-interval <ms>', 'how often to look for runs of dead workers (default 30000)', positiveInteger)
      .option('--lease-stale <ms>', "a run directory's lease unrefreshed this long is taken over; above the store's attribute cache (default 180000)", positiveInteger),
  ).action(async (options: CommonOptions & { queue: string; store: string; concurrency?: number; name?: string; lockDuration?: number; stalledInterval?: number; leaseStale?: number }) => {
    setExitCode(
      await workerCommand(
        {
          queue: options.queue,
          store: options.store,
          ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
          ...(options.name !== undefined ? { name: options.name } : {}),
          ...(options.lockDuration !== undefined ? { lockDuration: options.lockDuration } : {}),
          ...(options.stalledInterval !== undefined ? { stalledInterval: options.stalledInterval } : {}),
          ...(options.leaseStale !== undefined ? { leaseStale: options.leaseStale } : {}),
        },
        outputOf(options),
      ),
    );
  });

  sweepOptions(
    program
      .command('compare')
      .summary('dense vs 95% GMP on MinAtar Breakout (a few minutes), then the report')
      .description('Run a comparison preset (default quickstart: DQN on MinAtar Breakout, dense vs 95% gradual magnitude pruning), write the HTML report and print its path.')
      .addOption(new Option('--preset <name>', 'the sweep preset to run').default('quickstart')),
  ).action(async (options: SweepOptions) => runSweepAction(undefined, options));

  common(
    program
      .command('report')
      .summary('write the HTML report of a directory of runs')
      .description('Read every run under a directory (meta.json, config.json, metrics.jsonl or metrics.jsonl.gz) and write one self-contained HTML report: the verdicts of the sweep\'s claims, learning curves, aggregates with stratified-bootstrap intervals, scaling figures, diagnostics, run metadata.')
      .argument('<runs-dir>', 'directory containing run directories (searched 4 levels deep)')
      .option('--out <file>', 'output file (default <runs-dir>/report.html)')
      .option('--metric <name>', 'score metric (default "return": mean training return per iteration)')
      .option('--reps <n>', 'bootstrap replicates (default 2000)', positiveInteger)
      .option('--title <text>', 'page title')
      .option('--sweep <file>', 'sweep or study file whose claims are judged and whose report settings apply (default: study.yaml or sweep.yaml in <runs-dir>)')
      .option('--figures <dir>', 'also write every figure as <id>.svg into this directory')
      .option('--markdown <file>', 'also write the numbers (claims, aggregates, per-task means) as Markdown'),
  ).action(async (runsDir: string, options: CommonOptions & { out?: string; metric?: string; reps?: number; title?: string; sweep?: string; figures?: string; markdown?: string }) => {
    setExitCode(await reportCommand(runsDir, options, outputOf(options)));
  });

  common(
    program
      .command('archive')
      .summary('compress the logs of complete runs for committing (meta.json, config.json, metrics.jsonl.gz)')
      .description(
        'For every complete run under a directory, write metrics.jsonl.gz beside metrics.jsonl: the per-iteration records (returns, losses, sparsity, diagnostics) without the per-episode ones, gzip-compressed. prunerl report reads it when metrics.jsonl is absent, so a study commits each run\'s meta.json, config.json and metrics.jsonl.gz (tens of KB) instead of its logs and checkpoints.',
      )
      .argument('<runs-dir>', 'directory containing run directories (searched 4 levels deep)')
      .option('--keep-episodes', 'keep the per-episode records too'),
  ).action(async (runsDir: string, options: CommonOptions & { keepEpisodes?: boolean }) => {
    setExitCode(await archiveCommand(runsDir, options, outputOf(options)));
  });

  const dataset = program
    .command('dataset')
    .summary('inspect a logged transition dataset (info, sample)')
    .description('Inspect a dataset of logged transitions (a run trained with --log-replay writes one in <run>/dataset/): its task, source and behaviour statistics, or a few transitions.');
  const selection = (command: Command): Command =>
    common(
      command
        .argument('<path>', 'dataset directory, or a run directory that logged one')
        .option('--from <fraction>', 'start of the stretch of the run to read, as a fraction of its transitions', fraction)
        .option('--to <fraction>', 'end of the stretch, as a fraction', fraction)
        .option('--fraction <share>', "share of the stretch's shards to keep, chosen at random", fraction)
        .option('--subset-seed <n>', 'seed of that random choice', nonNegativeInteger),
    );
  type SelectionOptions = CommonOptions & { from?: number; to?: number; fraction?: number; subsetSeed?: number };
  const selectionOf = (options: SelectionOptions) => ({
    ...(options.from !== undefined ? { from: options.from } : {}),
    ...(options.to !== undefined ? { to: options.to } : {}),
    ...(options.fraction !== undefined ? { fraction: options.fraction } : {}),
    ...(options.subsetSeed !== undefined ? { seed: options.subsetSeed } : {}),
  });
  selection(dataset.command('info').description('Read and check every shard of a dataset (or of a selection), then print its task, source, size and the behaviour policy\'s returns, epsilon and actions.')).action(
    async (path: string, options: SelectionOptions) => {
      setExitCode(await datasetInfoCommand(path, selectionOf(options), outputOf(options)));
    },
  );
  selection(dataset.command('sample').description('Print transitions drawn uniformly from a dataset (or a selection): action, reward, end flags, behaviour epsilon, observations.'))
    .option('-n, --count <n>', 'transitions to print (default 5)', positiveInteger)
    .option('--seed <n>', 'seed of the draw (default 0)', nonNegativeInteger)
    .action(async (path: string, options: SelectionOptions & { count?: number; seed?: number }) => {
      setExitCode(
        await datasetSampleCommand(path, { ...selectionOf(options), ...(options.count !== undefined ? { count: options.count } : {}), ...(options.seed !== undefined ? { sampleSeed: options.seed } : {}) }, outputOf(options)),
      );
    });

  common(
    program
      .command('export')
      .summary('write a run\'s trained policy (spec, weights, masks) as one file')
      .description(
        'Write the policy of a run at its latest checkpoint as one file: the network\'s architecture, weights and pruning masks, with the environment and agent it was trained on. ' +
          'The playground (npm run playground) loads it and plays it; so does loadPolicy from @prunerl/networks.',
      )
      .argument('<run-dir>', 'run directory (<outputDir>/<name>/seed-<seed>)')
      .argument('[file]', 'where to write it (default <run-dir>/policy.bin)'),
  ).action(async (runDir: string, file: string | undefined, options: CommonOptions) => {
    setExitCode(await exportCommand(runDir, file, outputOf(options)));
  });

  common(
    program
      .command('envs')
      .summary('list the environment ids with their spaces')
      .description('List every registered environment id with its observation and action spaces (built-ins and those of --plugin modules).')
      .option('-p, --plugin <path-or-package>', 'load a plugin first (repeatable)', collect),
  ).action(async (options: CommonOptions & { plugin?: string[] }) => {
    setExitCode(await envsCommand({ plugins: options.plugin ?? [] }, outputOf(options)));
  });

  common(
    overrides(
      program
        .command('config')
        .summary('validate a config; --print shows it resolved')
        .description(
          'Validate an experiment config: the schema (unknown keys, types, ranges), then every part is built once so registry names and factory options are checked. ' +
            'Writes nothing. --print shows the fully resolved config (preset defaults filled in), itself a valid config.',
        )
        .argument('<config>', 'experiment config file'),
    )
      .option('--print', 'print the resolved config (YAML, or JSON with --json)')
      .option('--schema-only', 'check the schema only, without building the parts'),
  ).action(async (file: string, options: CommonOptions & OverrideOptions & { print?: boolean; schemaOnly?: boolean }) => {
    setExitCode(await configCommand(file, { ...overridesOf(options), print: options.print === true, schemaOnly: options.schemaOnly === true }, outputOf(options)));
  });

  common(
    program
      .command('bench')
      .summary('time training steps, or run a tools/bench script')
      .description(
        'Without a script: time environment steps and training steps (dense and 95% GMP) of a config (default DQN on MinAtar Breakout) and print a table. ' +
          'With a script name, in a prunerl checkout: run tools/bench/<script>.ts (extra arguments are passed on).',
      )
      .argument('[script]', 'a tools/bench script name')
      .argument('[args...]', 'arguments for the script')
      .option('-c, --config <file>', 'config to time instead of the built-in one')
      .option('--steps <n>', 'training steps timed per case (default 3000)', positiveInteger),
  ).action(async (script: string | undefined, args: string[], options: CommonOptions & { config?: string; steps?: number }) => {
    setExitCode(await benchCommand(script, args, options, outputOf(options)));
  });

  return program;
}


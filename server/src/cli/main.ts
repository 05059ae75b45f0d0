import { UsageError } from './args';
import { runCheck } from './check';
import { runEval } from './eval';
import { COMMANDS } from './commands';
import { HELP, MAIN_HELP } from './help';

// The `reward` command. Every failure is one line on stderr and exit status 1; nothing prints a
// stack trace (LANGUAGE.md section 8).

const out = (s: string) => process.stdout.write(s);
const err = (s: string) => process.stderr.write(s.endsWith('\n') ? s : s + '\n');

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    out(MAIN_HELP);
    return command ? 0 : 1;
  }
  if (command === '--version' || command === '-v') {
    out('0.1.0\n');
    return 0;
  }
  if (!(command in HELP)) throw new UsageError(`unknown command '${command}' (try 'reward --help')`);
  if (rest.includes('--help') || rest.includes('-h')) {
    out(HELP[command]);
    return 0;
  }
  switch (command) {
    case 'check':
      return runCheck(rest, out, err);
    case 'eval':
      return runEval(rest, process.stdout, err);
    default: {
      const load = COMMANDS[command];
      if (!load) throw new UsageError(`unknown command '${command}' (try 'reward --help')`);
      return (await load()).run(rest, { out, err, stdout: process.stdout });
    }
  }
}

// A reader that stops early (`reward eval ... | head`) closes the pipe: that ends the output,
// it is not a failure to report.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    err(`reward: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  },
);

import 'reflect-metadata';
import { ConfigError } from '../config';
import { ResourceRegistry } from '../resources/registry';
import { runMigrateCommand } from './migrate-command';
import { runServeCommand } from './serve-command';
import { runSimulatorCommand } from './simulator-command';
import { runStackCommand } from './stack';
import { runTemplateValidate } from './template-validate';
import { runWorkerCommand } from './worker-command';

const USAGE = `usage: csf <command>
  serve                    API and job workers in one process (built-in simulator when CLOUDSTACK_URL is unset)
  worker                   job workers only (needs CLOUDSTACK_URL; REDIS_URL to share work with serve)
  migrate                  apply pending database migrations
  simulator [options]      run the CloudStack management-server simulator
  template validate FILE   check a template and summarise it
  stack create|list|events|update|plan|apply|delete ...
                           manage stacks through the service's API (csf stack --help)
`;

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      await runServeCommand(process.env);
      return 0;
    case 'worker':
      await runWorkerCommand(process.env);
      return 0;
    case 'migrate':
      await runMigrateCommand(process.env, process.stdout);
      return 0;
    case 'simulator':
      await runSimulatorCommand(rest);
      return 0;
    case 'template':
      if (rest[0] !== 'validate') break;
      return runTemplateValidate(rest.slice(1), process.stdout, process.stderr, new ResourceRegistry().typeRegistry());
    case 'stack':
      return runStackCommand(rest, process.env, { stdout: process.stdout, stderr: process.stderr });
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return 0;
  }
  process.stderr.write(USAGE);
  return 1;
}

/** Exit codes: 0 done, 1 failure or usage, 2 bad configuration (one line naming the variable). */
export async function main(argv: string[]): Promise<number> {
  try {
    return await run(argv);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    process.stderr.write(`csf: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}

if (require.main === module || require.main?.filename.endsWith('/bin/csf')) {
  // Exit explicitly: a command is over when main resolves, whatever handles a library left open.
  void main(process.argv.slice(2)).then((code) => process.exit(code));
}

import { parseStackArgs, UsageError } from '../../../src/cli/stack/args';

const ID = 'd544e7d9-cc50-42fd-9ece-ae7d0b8086b9';
const command = (...argv: string[]) => parseStackArgs(argv).command;

function usage(argv: string[]): string {
  try {
    parseStackArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error(`${argv.join(' ')} parsed`);
}

describe('csf stack create and exports arguments', () => {
  it('parses create with --termination-protection, off unless given', () => {
    expect(command('create', 'web', '--template', 'a.yaml', '--termination-protection')).toMatchObject({ kind: 'create', name: 'web', templateFile: 'a.yaml', terminationProtection: true });
    expect(command('create', 'web', '--template', 'a.yaml')).toMatchObject({ terminationProtection: false });
    expect(usage(['create', 'web', '--template', 'a.yaml', '--termination-protection=yes'])).toBe('--termination-protection takes no value');
    expect(usage(['update', 'web', '--use-previous-template', '--termination-protection'])).toBe('--termination-protection does not apply to stack update');
  });

  it('parses exports, which takes nothing', () => {
    expect(command('exports')).toEqual({ kind: 'exports' });
    expect(usage(['exports', 'web'])).toMatch(/^stack exports takes no/);
  });
});

describe('csf stack update, plan and apply arguments', () => {
  it('parses update with a template file or the previous template, parameters, --wait and --timeout', () => {
    expect(command('update', 'web', '--template', 'v2.yaml', '--param', 'A=1', '--param=B=x=y', '--wait', '--timeout', '30')).toEqual({
      kind: 'update', stack: 'web', template: { kind: 'file', path: 'v2.yaml' }, params: [['A', '1'], ['B', 'x=y']], wait: true, timeoutMinutes: 30,
    });
    expect(command('update', ID, '--use-previous-template', '--param', 'A=2')).toEqual({
      kind: 'update', stack: ID, template: { kind: 'previous' }, params: [['A', '2']], wait: false, timeoutMinutes: undefined,
    });
  });

  it('parses plan, with or without a change set name', () => {
    expect(command('plan', 'web', '--template', 'v2.yaml')).toEqual({ kind: 'plan', stack: 'web', template: { kind: 'file', path: 'v2.yaml' }, params: [], changeSetName: undefined });
    expect(command('plan', 'web', '--use-previous-template', '--param', 'A=3', '--change-set', 'grow-2')).toMatchObject({ template: { kind: 'previous' }, params: [['A', '3']], changeSetName: 'grow-2' });
  });

  it('parses apply of a change set id, and keeps connection flags apart', () => {
    expect(parseStackArgs(['apply', ID, '--wait', '--url', 'http://x'])).toEqual({
      command: { kind: 'apply', changeSetId: ID, wait: true },
      connection: { url: 'http://x', apiKey: undefined, secretKey: undefined, user: undefined },
    });
    expect(command('apply', ID)).toEqual({ kind: 'apply', changeSetId: ID, wait: false });
  });

  it.each([
    [['update', 'web'], 'stack update needs --template FILE or --use-previous-template'],
    [['update', 'web', '--template', 'a.yaml', '--use-previous-template'], 'stack update takes --template FILE or --use-previous-template, not both'],
    [['update', '--template', 'a.yaml'], 'stack update needs NAME|ID'],
    [['update', 'web', '--template', 'a.yaml', '--template', 'b.yaml'], '--template given more than once'],
    [['update', 'web', '--use-previous-template=true'], '--use-previous-template takes no value'],
    [['update', 'web', '--use-previous-template', '--zone', 'z1'], '--zone does not apply to stack update'],
    [['update', 'web', '--use-previous-template', '--param', 'A'], '--param expects KEY=VALUE, got "A"'],
    [['update', 'web', '--use-previous-template', '--timeout', '1.5'], '--timeout expects a whole number of minutes, got "1.5"'],
    [['plan', 'web'], 'stack plan needs --template FILE or --use-previous-template'],
    [['plan', 'web', '--use-previous-template', '--wait'], '--wait does not apply to stack plan'],
    [['plan', 'web', '--use-previous-template', '--change-set', '1st'], '--change-set expects a letter, then letters, digits and hyphens (at most 128 characters), got "1st"'],
    [['plan', 'web', '--use-previous-template', '--change-set', 'a_b'], '--change-set expects a letter, then letters, digits and hyphens (at most 128 characters), got "a_b"'],
    [['apply'], 'stack apply needs CHANGESET_ID'],
    [['apply', 'csf-plan-1'], 'stack apply needs the change set\'s id (a UUID, as stack plan prints it), got "csf-plan-1"'],
    [['apply', ID, '--template', 'a.yaml'], '--template does not apply to stack apply'],
    [['create', 'web', '--template', 'a.yaml', '--use-previous-template'], '--use-previous-template does not apply to stack create'],
    [['delete', 'web', '--change-set', 'x'], '--change-set does not apply to stack delete'],
    [[], 'stack needs a command: create, list, exports, events, update, plan, apply or delete'],
  ])('refuses %j', (argv, message) => {
    expect(usage(argv as string[])).toBe(message);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runTemplateValidate } from '../../../src/cli/template-validate';
import { testRegistry } from './support/test-registry';

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

describe('csf template validate', () => {
  const directory = mkdtempSync(join(tmpdir(), 'csf-template-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const out = capture();
    const err = capture();
    const code = await runTemplateValidate(argv, out.stream, err.stream, testRegistry());
    return { code, out: out.text(), err: err.text() };
  }

  it('prints a summary and exits 0 for a valid template', async () => {
    const file = join(directory, 'ok.yaml');
    writeFileSync(file, 'Description: Small\nParameters:\n  Size: {Type: String, Default: s, AllowedValues: [s, l], Description: size}\n  Pw: {Type: String, NoEcho: true}\nResources:\n  H: {Type: AWS::CloudFormation::WaitConditionHandle}\n');
    expect(await run([file])).toEqual({
      code: 0,
      out: `${file}: valid\nDescription: Small\nParameters (2):\n  Size (String, default "s", one of s|l) - size\n  Pw (String, NoEcho)\nResource types (1):\n  AWS::CloudFormation::WaitConditionHandle\n`,
      err: '',
    });
  });

  it('prints every problem one per line and exits 1', async () => {
    const file = join(directory, 'bad.json');
    writeFileSync(file, '{"Resources": {"A": {"Type": "X::Y"}, "B": {"Type": "AWS::CloudFormation::WaitConditionHandle", "DependsOn": "C"}}}');
    expect(await run([file])).toEqual({
      code: 1,
      out: '',
      err: `${file}: Resources.A.Type: unsupported resource type 'X::Y'\n${file}: Resources.B.DependsOn[0]: DependsOn 'C', which is not a resource in this template\n`,
    });
  });

  it('exits 1 with a message for an unreadable file or bad usage', async () => {
    const missing = join(directory, 'missing.yaml');
    expect(await run([missing])).toEqual({ code: 1, out: '', err: expect.stringMatching(new RegExp(`^${missing}: cannot read: ENOENT`)) });
    expect(await run([])).toEqual({ code: 1, out: '', err: 'usage: csf template validate FILE\n' });
  });
});

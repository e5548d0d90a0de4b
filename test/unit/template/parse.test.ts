import { parseTemplate } from '../../../src/template/parse/parse-template';
import { TemplateValidationError } from '../../../src/template/template-validation-error';

function problemsOf(body: string): Array<{ path: string; message: string }> {
  try {
    parseTemplate(body);
  } catch (error) {
    expect(error).toBeInstanceOf(TemplateValidationError);
    return [...(error as TemplateValidationError).problems];
  }
  throw new Error('expected the template to be rejected');
}

describe('parseTemplate: YAML short forms', () => {
  it('expands every short-form tag to its long form', () => {
    const body = [
      'a: !Ref Name',
      'b: !GetAtt Group.PrivateIps',
      'c: !GetAtt Stack.Outputs.Url',
      'd: !GetAtt [Web, PublicIp]',
      'e: !Sub "${AWS::StackName}-web"',
      'f: !Sub ["${X}", {X: !Ref Y}]',
      'g: !Join [",", [a, b]]',
      'h: !Select [0, !GetAZs ""]',
      'i: !Split [",", "a,b"]',
      'j: !FindInMap [M, K, V]',
      'k: !GetAZs',
      'l: !If [C, 1, 2]',
      'm: !Equals [a, b]',
      'n: !And [!Condition A, !Condition B]',
      'o: !Or [!Condition A, !Condition B]',
      'p: !Not [!Condition A]',
      'q: !Base64 hello',
      'r: !Cidr ["10.0.0.0/16", 2, 8]',
      's: !ImportValue SharedNet',
      't: !Length [1, 2]',
      'u: !ToJsonString {a: 1}',
    ].join('\n');
    expect(parseTemplate(body)).toEqual({
      a: { Ref: 'Name' },
      b: { 'Fn::GetAtt': ['Group', 'PrivateIps'] },
      c: { 'Fn::GetAtt': ['Stack', 'Outputs.Url'] },
      d: { 'Fn::GetAtt': ['Web', 'PublicIp'] },
      e: { 'Fn::Sub': '${AWS::StackName}-web' },
      f: { 'Fn::Sub': ['${X}', { X: { Ref: 'Y' } }] },
      g: { 'Fn::Join': [',', ['a', 'b']] },
      h: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] },
      i: { 'Fn::Split': [',', 'a,b'] },
      j: { 'Fn::FindInMap': ['M', 'K', 'V'] },
      k: { 'Fn::GetAZs': '' },
      l: { 'Fn::If': ['C', 1, 2] },
      m: { 'Fn::Equals': ['a', 'b'] },
      n: { 'Fn::And': [{ Condition: 'A' }, { Condition: 'B' }] },
      o: { 'Fn::Or': [{ Condition: 'A' }, { Condition: 'B' }] },
      p: { 'Fn::Not': [{ Condition: 'A' }] },
      q: { 'Fn::Base64': 'hello' },
      r: { 'Fn::Cidr': ['10.0.0.0/16', 2, 8] },
      s: { 'Fn::ImportValue': 'SharedNet' },
      t: { 'Fn::Length': [1, 2] },
      u: { 'Fn::ToJsonString': { a: 1 } },
    });
  });

  it('rejects a !GetAtt without a dot and an unknown tag', () => {
    expect(problemsOf('a: !GetAtt Web')).toEqual([{ path: 'a', message: "!GetAtt expects LogicalId.Attribute, got 'Web'" }]);
    expect(problemsOf('a: !Foo x')).toEqual([{ path: '', message: 'YAML not well-formed: Unresolved tag: !Foo (line 1, column 4)' }]);
    expect(problemsOf('a: !Ref [x]')).toEqual([{ path: 'a', message: '!Ref expects a name, not a list' }]);
  });

  it('keeps plain YAML scalars typed as YAML 1.2 core types', () => {
    expect(parseTemplate("a: 1\nb: '1'\nc: true\nd: ~\ne: yes")).toEqual({ a: 1, b: '1', c: true, d: null, e: 'yes' });
  });
});

describe('parseTemplate: JSON', () => {
  it('parses JSON when the body starts with a brace', () => {
    expect(parseTemplate('  {"Resources": {"A": {"Type": "T"}}}')).toEqual({ Resources: { A: { Type: 'T' } } });
  });

  it('reports every duplicate key with its path and line', () => {
    expect(problemsOf('{"M": {"a": 1,\n "a": 2},\n "L": [{"x": 1, "x": 1}]}')).toEqual([
      { path: 'M', message: "duplicate key 'a' (line 2)" },
      { path: 'L[0]', message: "duplicate key 'x' (line 3)" },
    ]);
  });

  it('reports malformed JSON', () => {
    expect(problemsOf('{"a": }')[0].message).toMatch(/^JSON not well-formed: /);
  });

  it('keeps a "__proto__" key as data without touching any prototype', () => {
    const parsed = parseTemplate('{"__proto__": {"polluted": true}}');
    expect(Object.keys(parsed)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('parseTemplate: limits and hostile input', () => {
  it('rejects a body over 51,200 UTF-8 bytes', () => {
    const body = `a: "${'é'.repeat(25_600)}"`;
    expect(problemsOf(body)).toEqual([{ path: '', message: 'template body is 51205 bytes; the maximum is 51200' }]);
  });

  it('rejects duplicate YAML keys', () => {
    expect(problemsOf('a: 1\na: 2')).toEqual([{ path: '', message: 'YAML not well-formed: Map keys must be unique (line 2, column 1)' }]);
  });

  it('rejects a YAML alias bomb quickly', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 9; level++) {
      const previous = String.fromCharCode(96 + level);
      const name = String.fromCharCode(97 + level);
      lines.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
    }
    const started = Date.now();
    expect(problemsOf(lines.join('\n'))[0].message).toBe('more than 100 YAML aliases');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('refuses a template whose aliases expand past 1 MiB of JSON, from a body under 51,200 bytes', () => {
    // Billion laughs within the alias cap: 99 aliases of a 45 KB anchor would make 4.5 MB.
    const anchor = Array.from({ length: 1_000 }, (_, i) => `l${String(i).padStart(3, '0')}${'a'.repeat(36)}`);
    const body = `Metadata:\n  Anchor: &big [${anchor.join(', ')}]\n  Copies: [${Array(99).fill('*big').join(', ')}]\nResources: {}\n`;
    expect(Buffer.byteLength(body)).toBeLessThan(51_200);
    expect(problemsOf(body)).toEqual([{ path: '', message: 'the template expands (YAML aliases) to more than 1048576 bytes as JSON; the maximum is 1048576' }]);
  });

  it('keeps aliases that expand within the limit, and measures the expansion as compact JSON', () => {
    const anchor = Array.from({ length: 1_000 }, (_, i) => `l${String(i).padStart(3, '0')}${'a'.repeat(36)}`);
    const body = `Metadata:\n  Anchor: &big [${anchor.join(', ')}]\n  Copies: [${Array(20).fill('*big').join(', ')}]\nResources: {}\n`;
    const parsed = parseTemplate(body);
    expect((parsed.Metadata as { Copies: string[][] }).Copies[19]).toEqual(anchor);
    expect(JSON.stringify(parsed).length).toBeGreaterThan(900_000);
    expect(JSON.stringify(parsed).length).toBeLessThan(1_048_576);
  });

  it.each([
    ['compact block sequences', `${'- '.repeat(20_000)}x`],
    ['flow sequences', `${'['.repeat(20_000)}${']'.repeat(20_000)}`],
    ['JSON objects', `${'{"a":'.repeat(8_000)}1${'}'.repeat(8_000)}`],
  ])('rejects deep nesting of %s', (_name, body) => {
    expect(problemsOf(body)).toEqual([{ path: expect.any(String), message: 'nesting deeper than 64 levels' }]);
  });

  it('rejects empty bodies, several documents and non-mapping templates', () => {
    expect(problemsOf('  \n')).toEqual([{ path: '', message: 'template body is empty' }]);
    expect(problemsOf('a: 1\n---\nb: 2')).toEqual([{ path: '', message: 'YAML not well-formed: expected one document, found 2' }]);
    expect(problemsOf('- a')).toEqual([{ path: '', message: 'a template must be a JSON object or YAML mapping' }]);
  });
});

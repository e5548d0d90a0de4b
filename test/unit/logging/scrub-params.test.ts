import { Writable } from 'node:stream';
import { createLogger, scrubParams } from '../../../src/logging/logger';

describe('what request logs may hold', () => {
  it('replaces credentials, user data and every template parameter value; sizes the template', () => {
    const scrubbed = scrubParams({
      command: 'createStack',
      name: 'web',
      signature: 'c2lnbmF0dXJl',
      userdata: 'I2Nsb3VkLWNvbmZpZw==',
      templatebody: 'Résumé',
      'parameters[0].key': 'DbPassword',
      'parameters[0].value': 'Secret1Secret1',
      'tags[0].value': 'team-a',
    });
    expect(scrubbed).toEqual({
      command: 'createStack',
      name: 'web',
      signature: '[redacted]',
      userdata: '[redacted]',
      templatebody: '[8 bytes]', // UTF-8 bytes: each é takes two
      'parameters[0].key': 'DbPassword',
      'parameters[0].value': '[redacted]',
      'tags[0].value': 'team-a',
    });
  });

  it('logs a template URL without its query string or user info (a presigned URL carries its credential there)', () => {
    expect(scrubParams({ templateurl: 'https://user:pw@bucket.example/t.yaml?X-Amz-Signature=abc&X-Amz-Credential=AKIA' })).toEqual({ templateurl: 'https://bucket.example/t.yaml?[redacted]' });
    expect(scrubParams({ templateurl: 'https://templates.example/lamp.yaml' })).toEqual({ templateurl: 'https://templates.example/lamp.yaml' });
    expect(scrubParams({ templateurl: 'not a url with a secret' })).toEqual({ templateurl: '[not a URL, 23 bytes]' });
  });

  it('redacts secret keys a caller logs whole', () => {
    const lines: string[] = [];
    const destination = new Writable({ write(chunk, _encoding, done) { lines.push(String(chunk)); done(); } });
    createLogger({ destination }).info({ user: { secretkey: 'abracadabra', apikey: 'fnord' } }, 'resolved');
    expect(lines.join('')).not.toContain('abracadabra');
    expect(JSON.parse(lines[0]).user).toEqual({ secretkey: '[redacted]', apikey: 'fnord' });
  });
});

import { failed, JobHandlerRegistry, succeeded } from '../../../jobs';
import { CloudStackApiError } from '../../../src/cloudstack-api';
import { ConflictError, InternalError, NotFoundError, PermissionDeniedError, ResourceLimitError, toCloudStackError, ValidationError } from '../../../src/errors';

describe('error taxonomy → CloudStack codes', () => {
  it.each([
    [new ValidationError('bad'), 431, 4350, 'bad'],
    [new NotFoundError('gone'), 431, 4350, 'gone'],
    [new PermissionDeniedError('no'), 531, 4365, 'no'],
    [new ResourceLimitError('full'), 532, 4370, 'full'],
    [new ConflictError('busy'), 536, 4375, 'busy'],
    [new InternalError('db exploded: password=x'), 530, 9999, 'Internal error executing command, please contact your system administrator'],
    [new Error('boom'), 530, 9999, 'Internal error executing command, please contact your system administrator'],
  ])('maps %p', (error, errorcode, cserrorcode, errortext) => {
    const wire = toCloudStackError(error);
    expect([wire.errorcode, wire.cserrorcode, wire.errortext]).toEqual([errorcode, cserrorcode, errortext]);
  });

  it('passes CloudStack errors through and marks retryability', () => {
    const wire = new CloudStackApiError(533, 'no capacity');
    expect(toCloudStackError(wire)).toBe(wire);
    expect([new ValidationError('x').retryable, new InternalError('x').retryable, new InternalError('x', { retryable: false }).retryable]).toEqual([false, true, false]);
  });
});

describe('job outcomes and the handler registry', () => {
  it('records success and failure as CloudStack shows them', () => {
    expect(succeeded({ stack: { id: 's' } })).toEqual({ status: 1, resultCode: 0, result: { stack: { id: 's' } } });
    expect(failed(new ConflictError('stack busy'))).toEqual({ status: 2, resultCode: 536, result: { errorcode: 536, errortext: 'stack busy' } });
  });

  it('refuses a second handler under the same name', () => {
    const registry = new JobHandlerRegistry().register('createStack', async () => ({}));
    expect(() => registry.register('createStack', async () => ({}))).toThrow('job handler createStack is already registered');
    expect([registry.has('createStack'), registry.has('deleteStack'), registry.names()]).toEqual([true, false, ['createStack']]);
  });
});

import { createStack, deleteStack, getStack, useStackTestEnvironment, waitForJob } from '../../support/stacks';

/** createStack terminationprotection=true, updateStackTerminationProtection, and the deleteStack they refuse. */
const env = useStackTestEnvironment();

const TEMPLATE = { Resources: { Spread: { Type: 'CloudStack::AffinityGroup', Properties: { Description: 'kept' } } } };

it('keeps a protected stack from deleteStack until its protection is turned off', async () => {
  const { id, jobid } = await createStack(env.svc, 'alice', 'guarded', TEMPLATE, { terminationprotection: 'true' });
  await waitForJob(env.svc, 'alice', jobid);
  expect(await getStack(env.svc, 'alice', id)).toMatchObject({ status: 'CREATE_COMPLETE', terminationprotection: true });

  const refused = await env.svc.call('alice', { command: 'deleteStack', id, response: 'json' });
  expect(refused.status).toBe(431);
  expect(refused.json!.deletestackresponse.errortext).toBe('Stack [guarded] cannot be deleted while TerminationProtection is enabled');
  expect((await getStack(env.svc, 'alice', id))?.status).toBe('CREATE_COMPLETE');

  // Another account cannot turn it off.
  const bob = await env.svc.call('bob', { command: 'updateStackTerminationProtection', id, terminationprotection: 'false', response: 'json' });
  expect(bob.status).toBe(431);
  expect((await getStack(env.svc, 'alice', id))?.terminationprotection).toBe(true);

  const off = await env.svc.call('alice', { command: 'updateStackTerminationProtection', id, terminationprotection: 'false', response: 'json' });
  expect(off.status).toBe(200);
  expect(off.json!.updatestackterminationprotectionresponse.stack).toMatchObject({ id, name: 'guarded', terminationprotection: false });
  expect((await deleteStack(env.svc, 'alice', id)).jobstatus).toBe(1);
});

it('leaves a stack unprotected unless asked, and refuses a protection flag that is not a boolean', async () => {
  const { id, jobid } = await createStack(env.svc, 'alice', 'plain', TEMPLATE);
  await waitForJob(env.svc, 'alice', jobid);
  expect((await getStack(env.svc, 'alice', id))?.terminationprotection).toBe(false);
  const bad = await env.svc.call('alice', { command: 'updateStackTerminationProtection', id, terminationprotection: 'maybe', response: 'json' });
  expect(bad.status).toBe(431);
  expect(bad.json!.updatestackterminationprotectionresponse.errortext).toContain('terminationprotection');
  expect((await deleteStack(env.svc, 'alice', id)).jobstatus).toBe(1);
});

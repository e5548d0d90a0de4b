import { createSimulatorRuntime, type RunningSimulator, type SeededCredential } from '../../../src/simulator';
import { envelopeOf } from '../../../src/simulator/envelope';
import { call, payload, startTestSimulator, userOf, waitForJob } from './client';
import { compareShape } from './fidelity/compare';
import { ENVELOPE_ANOMALIES, NOT_COMPARED, skippedFields } from './fidelity/differences';
import { isLibcloud, recordedSamples, type Sample } from './fidelity/samples';
import { COMMAND_SETUPS, SAMPLE_SETUPS, type Setup } from './fidelity/setups';
import { discoverWorld, type World } from './world';

/**
 * Every recorded answer (cloudstack-go's and Libcloud's) of a command the simulator implements is
 * compared with the simulator's answer to the same request: the envelope, whether it is sync or
 * async, and every recorded field with its JSON type (fidelity/compare.ts). The samples are
 * sorted before the tests are declared, so nothing passes for want of a command: a sample is
 * compared, or listed in NOT_COMPARED with a reason, or its command is not simulated.
 */
const registry = (() => {
  const runtime = createSimulatorRuntime({ seed: 'test' });
  runtime.stop();
  return runtime.registry;
})();
const setupOf = (sample: Sample): Setup | undefined => SAMPLE_SETUPS[sample.id] ?? COMMAND_SETUPS[sample.command];

const samples = recordedSamples();
const simulated = samples.filter((s) => registry.find(s.command));
const unsimulated = samples.filter((s) => !registry.find(s.command));
const notCompared = simulated.filter((s) => s.id in NOT_COMPARED);
const compared = simulated.filter((s) => !(s.id in NOT_COMPARED) && setupOf(s));
const withoutSetup = simulated.filter((s) => !(s.id in NOT_COMPARED) && !setupOf(s));
const coverage = `${compared.length}/${simulated.length} samples of simulated commands compared (${notCompared.length} listed as not compared); `
  + `${unsimulated.length} of ${samples.length} samples are of commands the simulator does not implement`;
const bySource = [...new Set(samples.map((s) => s.source))].map((source) => {
  const count = (list: Sample[]) => list.filter((s) => s.source === source).length;
  return `  ${source}: ${count(compared)} compared of ${count(simulated)} simulated, ${count(unsimulated)} not simulated`;
}).join('\n');

describe('simulator fidelity against recorded CloudStack responses', () => {
  let sim: RunningSimulator;
  let admin: SeededCredential;
  let world: World;
  beforeAll(async () => {
    console.log(`simulator fidelity: ${coverage}\n${bySource}\nnot compared:\n${notCompared.map((s) => `  ${s.id}: ${NOT_COMPARED[s.id]}`).join('\n') || '  none'}`);
    sim = await startTestSimulator();
    admin = userOf(sim, 'admin');
    world = await discoverWorld(sim, admin);
  });
  afterEach(async () => {
    // A sample may arm a fault (a job that must fail); none outlives it.
    await call(sim, admin, { command: 'configureSimulator', reset: 'true' });
  });
  afterAll(() => sim.stop());

  test(`coverage: ${coverage}`, () => {
    expect(withoutSetup.map((s) => `${s.id}: ${s.command} is simulated and recorded but has no setup`)).toEqual([]);
    expect(Object.keys(NOT_COMPARED).filter((id) => !simulated.some((s) => s.id === id))).toEqual([]);
    expect(compared.length).toBeGreaterThan(simulated.length * 0.9);
  });

  test.each(compared.map((s) => [s.id, s] as const))('%s', async (_id, sample) => {
    const spec = registry.find(sample.command)!;
    const expectedEnvelope = envelopeOf(spec);
    if (!(sample.id in ENVELOPE_ANOMALIES)) expect(sample.envelope).toBe(expectedEnvelope);
    if (sample.kind === 'job' || sample.kind === 'submission') expect(spec.isasync).toBe(true);
    if (sample.kind === 'answer') expect(spec.isasync).toBe(false);

    const params = { command: spec.name, ...(await setupOf(sample)!({ sim, admin, world })) };
    const answer = await call(sim, admin, params);
    expect(Object.keys(answer.body)).toEqual([expectedEnvelope]);
    const answered = answer.body[expectedEnvelope];
    if (sample.kind === 'error') {
      expect(answer.status).toBe(sample.body.errorcode);
    } else {
      expect([answer.status, answered.errortext]).toEqual([200, undefined]);
    }
    const actual = sample.kind === 'job' ? await waitForJob(sim, admin, answered.jobid) : answered;
    if (sample.kind === 'job') expect(actual.jobstatus).toBe(sample.body.jobstatus);
    if (sample.kind === 'answer' && Object.keys(sample.body).length === 0) {
      expect(actual).toEqual({}); // CloudStack's empty list
      return;
    }
    expect(compareShape(sample.body, actual, { skip: skippedFields(sample), numericIds: isLibcloud(sample) })).toEqual([]);
  });
});

import type { StackIdentity } from '../../../src/resources/resource-type';
import { networkType } from '../../../src/resources/types/network';
import { ResourceHarness } from '../../support/resource-harness';

interface ListedNetwork { id: string; name: string; displaytext: string; networkofferingname: string }

const DEFAULT_OFFERING = 'DefaultIsolatedNetworkOfferingWithSourceNatService';
const NO_VPN_OFFERING = 'IsolatedNetworkOfferingWithSourceNatServiceNoVpn';

let harness: ResourceHarness;
let stack: StackIdentity;

beforeAll(async () => {
  harness = await ResourceHarness.start();
  stack = await harness.stack('zone-advanced');
});

afterAll(async () => {
  await harness.stop();
});

const networkOf = async (id: string): Promise<ListedNetwork> => (await harness.api.listAll<ListedNetwork>('listNetworks', { id }, 'network'))[0];

describe('CloudStack::Network in-place updates', () => {
  it('renames the network and changes its display text and offering in one updateNetwork job', async () => {
    const props = { Name: 'tier', NetworkOffering: DEFAULT_OFFERING };
    const resource = harness.resource(networkType, stack, 'Tier', props);
    const created = await resource.create();
    await harness.callsSinceLastCheck();

    const result = await resource.update({ Name: 'tier-2', DisplayText: 'the web tier', NetworkOffering: NO_VPN_OFFERING });

    expect(await harness.changesSinceLastCheck()).toEqual({ updateNetwork: 1 });
    expect(result).toEqual(created);
    expect(await networkOf(created.physicalId)).toMatchObject({ name: 'tier-2', displaytext: 'the web tier', networkofferingname: NO_VPN_OFFERING });
    expect(Object.keys(resource.state.metadata.steps as object).filter((s) => s.startsWith('update-'))).toEqual([]);
    await resource.delete();
  });

  it('goes back to the defaults when Name and DisplayText are removed', async () => {
    const resource = harness.resource(networkType, stack, 'Named', { Name: 'named', DisplayText: 'named tier', NetworkOffering: DEFAULT_OFFERING });
    const { physicalId } = await resource.create();

    await resource.update({ NetworkOffering: DEFAULT_OFFERING });

    const generated = `csf-${stack.id.replace(/-/g, '').slice(0, 8)}-named`;
    expect(await networkOf(physicalId)).toMatchObject({ name: generated, displaytext: generated, networkofferingname: DEFAULT_OFFERING });
    await resource.delete();
  });

  it('resumes a crashed update through its job, without a second updateNetwork', async () => {
    const resource = harness.resource(networkType, stack, 'Resumed', { Name: 'resumed', NetworkOffering: DEFAULT_OFFERING });
    const { physicalId } = await resource.create();
    const next = { Name: 'resumed', NetworkOffering: NO_VPN_OFFERING };
    await harness.callsSinceLastCheck();

    await resource.updateAndCrashAfterSubmission(next);
    await resource.update(next);

    expect(await harness.changesSinceLastCheck()).toEqual({ updateNetwork: 1 });
    expect(await networkOf(physicalId)).toMatchObject({ networkofferingname: NO_VPN_OFFERING });
    await resource.delete();
  });
});

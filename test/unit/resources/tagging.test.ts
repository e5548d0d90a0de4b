import { CloudStackApiError } from '../../../src/cloudstack-api';
import { isTagAlreadyPresent } from '../../../src/resources/support/tagging';

describe('isTagAlreadyPresent', () => {
  it("recognises CloudStack's failed tag job and the simulator's refusal", () => {
    // TaggedResourceManagerImpl.createTags: CloudRuntimeException, the job fails with 530.
    expect(isTagAlreadyPresent(new CloudStackApiError(530, 'tag csf:stack-id already on FirewallRule with id 4f1c0c4e-1'))).toBe(true);
    expect(isTagAlreadyPresent(new CloudStackApiError(431, 'tag csf:logical-id already exists on resource 4f1c0c4e-1'))).toBe(true);
  });

  it('takes no other failure, nor an error that is not CloudStack\'s, for one', () => {
    expect(isTagAlreadyPresent(new CloudStackApiError(431, 'Invalid resource type FirewallRules'))).toBe(false);
    expect(isTagAlreadyPresent(new CloudStackApiError(530, 'Unable to create a deployment for VM[User|i-2-3-VM]'))).toBe(false);
    expect(isTagAlreadyPresent(new Error('tag csf:stack-id already on FirewallRule with id 1'))).toBe(false);
  });
});

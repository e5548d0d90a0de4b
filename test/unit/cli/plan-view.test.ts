import type { ChangeSetRecord, ResourceChangeRecord } from '../../../src/cli/stack/change-set-api';
import { defaultChangeSetName } from '../../../src/cli/stack/plan-command';
import { changeKind, planSummary, renderPlan } from '../../../src/cli/stack/plan-view';
import { ANSI_COLORS } from '../../../src/cli/stack/progress-view';

const GROUP_ID = '2eaa39db-23e2-4161-86d4-b45a546545b6';
const MASTERS_ID = '11111111-2222-4333-8444-555555555555';
const SPARE_ID = '0d8f581f-14ad-4c5b-82fa-fa6deafd280d';

const add: ResourceChangeRecord = { action: 'Add', logicalresourceid: 'Keys', resourcetype: 'CloudStack::SSHKeyPair' };
const replace: ResourceChangeRecord = {
  action: 'Modify', logicalresourceid: 'Group', resourcetype: 'CloudStack::AffinityGroup', physicalresourceid: GROUP_ID, replacement: 'True', scope: ['Properties'],
  details: [{ target: { attribute: 'Properties', name: 'Description', requiresrecreation: 'Always' }, evaluation: 'Static', changesource: 'ParameterReference', causingentity: 'GroupDescription' }],
};
const conditional: ResourceChangeRecord = {
  action: 'Modify', logicalresourceid: 'Masters', resourcetype: 'CloudStack::VirtualMachineGroup', physicalresourceid: MASTERS_ID, replacement: 'Conditional', scope: ['Properties'],
  details: [
    { target: { attribute: 'Properties', name: 'Count', requiresrecreation: 'Never' }, evaluation: 'Static', changesource: 'ParameterReference', causingentity: 'MasterCount' },
    { target: { attribute: 'Properties', name: 'Count', requiresrecreation: 'Never' }, evaluation: 'Static', changesource: 'DirectModification' },
    { target: { attribute: 'Properties', name: 'AffinityGroupIds', requiresrecreation: 'Conditionally' }, evaluation: 'Dynamic', changesource: 'ResourceReference', causingentity: 'Group' },
    { target: { attribute: 'Properties', name: 'AffinityGroupIds', requiresrecreation: 'Always' }, evaluation: 'Static', changesource: 'ResourceAttribute', causingentity: 'Group.Name', reason: 'CloudStack cannot move a running member' },
  ],
};
const inPlace: ResourceChangeRecord = {
  action: 'Modify', logicalresourceid: 'Handle', resourcetype: 'AWS::CloudFormation::WaitConditionHandle', physicalresourceid: 'h-1', replacement: 'False', scope: ['Metadata'],
  details: [{ target: { attribute: 'Metadata', requiresrecreation: 'Never' }, evaluation: 'Static', changesource: 'DirectModification' }],
};
const remove: ResourceChangeRecord = { action: 'Remove', logicalresourceid: 'Spare', resourcetype: 'AWS::CloudFormation::WaitConditionHandle', physicalresourceid: SPARE_ID, policyaction: 'Delete' };

function changeSet(changes: ResourceChangeRecord[]): ChangeSetRecord {
  return {
    id: 'd544e7d9-cc50-42fd-9ece-ae7d0b8086b9', name: 'csf-plan-1', stackid: 's-1', stackname: 'web', changesettype: 'UPDATE',
    status: 'CREATE_COMPLETE', executionstatus: 'AVAILABLE', changes,
  };
}

describe('plan renderer (a change set in, the table out)', () => {
  it('gives each action its symbol and words', () => {
    expect([add, inPlace, replace, conditional, remove].map((c) => `${changeKind(c).symbol} ${changeKind(c).label}`)).toEqual([
      '+ add', '~ modify in place', '-/+ replace', '~? modify, may replace', '- remove',
    ]);
    expect(changeKind({ ...remove, policyaction: 'Retain' }).label).toBe('remove from the stack, keep the object (DeletionPolicy Retain)');
    expect(changeKind({ ...remove, policyaction: 'Snapshot' }).label).toBe('remove after a snapshot (DeletionPolicy Snapshot)');
  });

  it('prints aligned rows, a line per changed property with its causes, the summary and how to apply', () => {
    expect(renderPlan(changeSet([inPlace, replace, add, remove]))).toEqual([
      'Change set csf-plan-1 of stack web:',
      '',
      '     LOGICAL ID  TYPE                                      PHYSICAL ID                           ACTION',
      '  ~  Handle      AWS::CloudFormation::WaitConditionHandle  h-1                                   modify in place',
      '       Metadata:    edited in the template',
      `-/+  Group       CloudStack::AffinityGroup                 ${GROUP_ID}  replace`,
      '       Description: parameter GroupDescription  # forces replacement',
      '  +  Keys        CloudStack::SSHKeyPair                                                          add',
      `  -  Spare       AWS::CloudFormation::WaitConditionHandle  ${SPARE_ID}  remove`,
      '',
      'Plan: 1 to add, 1 to change, 1 to replace, 1 to remove.',
      'Apply it with: csf stack apply d544e7d9-cc50-42fd-9ece-ae7d0b8086b9',
    ]);
  });

  it('merges the details of one property: every cause once, the strongest effect, each reason', () => {
    const lines = renderPlan(changeSet([conditional]));
    expect(lines.slice(3, 8)).toEqual([
      ` ~?  Masters     CloudStack::VirtualMachineGroup  ${MASTERS_ID}  modify, may replace`,
      '       Count:            parameter MasterCount, edited in the template',
      '       AffinityGroupIds: Ref Group (known during the update), GetAtt Group.Name  # forces replacement',
      '         reason: CloudStack cannot move a running member',
      '',
    ]);
    expect(lines).toContain('Plan: 0 to add, 1 to change (1 may be replaced), 0 to replace, 0 to remove.');
  });

  it('paints only the symbols when colours are asked for', () => {
    const lines = renderPlan(changeSet([add, replace]), ANSI_COLORS);
    expect(lines[3]).toBe('\x1b[32m  +\x1b[39m  Keys        CloudStack::SSHKeyPair                                           add');
    expect(lines[4].startsWith('\x1b[31m-/+\x1b[39m  Group       ')).toBe(true);
    expect(lines[2]).not.toContain('\x1b[');
  });

  it('counts the summary by action', () => {
    expect(planSummary([])).toBe('Plan: 0 to add, 0 to change, 0 to replace, 0 to remove.');
    expect(planSummary([add, add, add, inPlace, replace, remove, remove])).toBe('Plan: 3 to add, 1 to change, 1 to replace, 2 to remove.');
  });

  it('names a plan\'s change set after the time, as a valid change set name', () => {
    expect(defaultChangeSetName(new Date('2026-01-02T03:04:05.678Z'))).toBe('csf-plan-20260102-030405-678');
    expect(defaultChangeSetName(new Date())).toMatch(/^[A-Za-z][A-Za-z0-9-]{0,127}$/);
  });
});

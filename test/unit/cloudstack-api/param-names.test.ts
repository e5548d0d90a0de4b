import { lowercaseParamNames, parseMapParam } from '../../../src/cloudstack-api';

describe('lowercaseParamNames (CloudStack\'s ParamUnpackWorker)', () => {
  it('lowercases plain names and keeps the values as sent', () => {
    expect(lowercaseParamNames({ zoneId: 'Z-1', diskOfferingId: 'D', name: 'Web' })).toEqual({ zoneid: 'Z-1', diskofferingid: 'D', name: 'Web' });
  });

  it('lowercases a map parameter\'s name before "[" and keeps its field as sent', () => {
    const named = lowercaseParamNames({ 'Tags[0].Key': 'k', 'Tags[0].value': 'v' });
    expect(named).toEqual({ 'tags[0].Key': 'k', 'tags[0].value': 'v' });
    expect(parseMapParam(named, 'tags')).toEqual([{ key: 'k', value: 'v' }]);
  });

  it('lets the later of two names that differ only in case win', () => {
    expect(lowercaseParamNames({ zoneid: 'first', ZONEID: 'second' })).toEqual({ zoneid: 'second' });
  });
});

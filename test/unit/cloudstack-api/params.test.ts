import { collectParams, encodeMapParam, paginate, parseMapParam, parsePaging } from '../../../src/cloudstack-api';

describe('parameters', () => {
  it('merges query and body with the body winning and arrays taking their first value', () => {
    expect(collectParams({ a: '1', b: ['2', '3'] }, { a: '9', c: 4 })).toEqual({ a: '9', b: '2', c: '4' });
  });

  it('reads and writes map parameters in index order', () => {
    const params = { 'tags[1].key': 'b', 'tags[0].key': 'a', 'tags[0].value': '1', 'tags[1].value': '2', other: 'x' };
    expect(parseMapParam(params, 'tags')).toEqual([{ key: 'a', value: '1' }, { key: 'b', value: '2' }]);
    expect(parseMapParam(params, 'details')).toBeUndefined();
    expect(encodeMapParam('tags', [{ key: 'a', value: '1' }])).toEqual({ 'tags[0].key': 'a', 'tags[0].value': '1' });
  });
});

describe('pagination', () => {
  it('needs page and pagesize together', () => {
    expect(parsePaging({})).toBeUndefined();
    expect(() => parsePaging({ page: '1' })).toThrow('"pagesize" parameter is required when "page" is specified');
    expect(() => parsePaging({ pagesize: '5' })).toThrow('"page" parameter is required when "pagesize" is specified');
    expect(parsePaging({ page: '2', pagesize: '5' })).toEqual({ page: 2, pagesize: 5 });
  });

  it('caps pagesize at 500 with a 431', () => {
    try {
      parsePaging({ page: '1', pagesize: '501' });
      throw new Error('expected a failure');
    } catch (e) {
      expect((e as { errorcode: number }).errorcode).toBe(431);
      expect((e as Error).message).toBe("Page size can't exceed max allowed page size value: 500");
    }
    expect(() => parsePaging({ page: 'x', pagesize: '5' })).toThrow(/page/);
  });

  it('slices the requested page', () => {
    expect(paginate([1, 2, 3, 4, 5], { page: 2, pagesize: 2 })).toEqual([3, 4]);
    expect(paginate([1, 2, 3], undefined)).toEqual([1, 2, 3]);
  });
});

import { valuesEqual } from '../../../../src/engine/change-model';

describe('valuesEqual: CloudFormation leniency about scalar types', () => {
  it.each([
    [3, '3'], ['3', 3], [3, '3.0'], [0.5, '0.5'], [true, 'true'], ['FALSE', false],
    [{ a: 1, b: undefined }, { a: '1' }], [{ a: 1, b: 2 }, { b: 2, a: 1 }], [[1, 'x'], ['1', 'x']], [null, null],
  ])('%j equals %j', (left, right) => {
    expect(valuesEqual(left, right)).toBe(true);
  });

  it.each([
    ['3', '3.0'], [3, ''], [0, ' '], [1, 'true'], [true, '1'], [null, undefined], [null, ''],
    [[1, 2], [2, 1]], [[1], [1, 1]], [{ a: 1 }, { a: 1, b: 2 }], [{ a: 1 }, [1]], ['a', 'A'], [{}, null],
  ])('%j differs from %j', (left, right) => {
    expect(valuesEqual(left, right)).toBe(false);
  });
});

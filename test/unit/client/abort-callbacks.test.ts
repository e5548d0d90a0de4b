import { getEventListeners } from 'node:events';
import { whenAborted } from '../../../src/client/abort-callbacks';

describe('whenAborted', () => {
  it('calls every callback still registered once when the signal aborts, through one listener', () => {
    const controller = new AbortController();
    const called: string[] = [];
    whenAborted(controller.signal, () => called.push('a'));
    const forgetB = whenAborted(controller.signal, () => called.push('b'));
    whenAborted(controller.signal, () => called.push('c'));
    forgetB();
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort();
    controller.abort();
    expect(called).toEqual(['a', 'c']);
  });

  it('lets a callback forget itself and the others while the abort runs them', () => {
    const controller = new AbortController();
    const called: string[] = [];
    const forget: Array<() => void> = [];
    forget.push(whenAborted(controller.signal, () => { called.push('first'); forget.forEach((f) => f()); }));
    forget.push(whenAborted(controller.signal, () => called.push('second')));
    controller.abort();
    expect(called).toEqual(['first']);
  });

  it('keeps the callbacks of different signals apart', () => {
    const one = new AbortController();
    const two = new AbortController();
    const called: string[] = [];
    whenAborted(one.signal, () => called.push('one'));
    whenAborted(two.signal, () => called.push('two'));
    one.abort();
    expect(called).toEqual(['one']);
    two.abort();
    expect(called).toEqual(['one', 'two']);
  });
});

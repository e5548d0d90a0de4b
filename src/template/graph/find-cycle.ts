/**
 * Finds one cycle in a directed graph and returns it closed (["A", "B", "A"]), or undefined.
 * Iterative depth-first search, so a long dependency chain cannot overflow the stack.
 */
export function findCycle(nodes: readonly string[], edgesOf: (node: string) => readonly string[]): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  for (const root of nodes) {
    if (state.has(root)) continue;
    const stack: Array<{ node: string; next: number }> = [{ node: root, next: 0 }];
    state.set(root, 'visiting');
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      const edges = edgesOf(frame.node);
      if (frame.next >= edges.length) {
        state.set(frame.node, 'done');
        stack.pop();
        continue;
      }
      const target = edges[frame.next++];
      if (state.get(target) === 'visiting') {
        const start = stack.findIndex((entry) => entry.node === target);
        return [...stack.slice(start).map((entry) => entry.node), target];
      }
      if (!state.has(target)) {
        state.set(target, 'visiting');
        stack.push({ node: target, next: 0 });
      }
    }
  }
  return undefined;
}

import dagre from '@dagrejs/dagre';
import { svg } from './dom.js';
import { statusTone } from './status.js';

export interface GraphNode {
  id: string;
  type: string;
  status?: string;
}

const NODE_WIDTH = 190;
const NODE_HEIGHT = 46;

/**
 * The dependency graph as SVG, laid out by dagre (what a resource depends on above it, arrows
 * pointing at the dependant). The layout is computed only when the set of nodes or edges
 * changes; a status change only recolours its node, so a 100-resource stack stays smooth while
 * it is polled.
 */
export class DependencyGraph {
  readonly element: SVGSVGElement;
  private shapeKey = '';
  private nodes = new Map<string, SVGGElement>();

  /** `onActivate` runs when a node is clicked, or Enter or Space is pressed on it. */
  constructor(
    private readonly label: string,
    private readonly onActivate: (logicalId: string) => void = () => undefined,
  ) {
    this.element = svg('svg', { class: 'graph', role: 'group', 'aria-label': label });
    this.element.addEventListener('click', (event) => this.activateFrom(event.target));
    this.element.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter' && event.key !== ' ') return;
      event.preventDefault();
      this.activateFrom(event.target);
    });
  }

  private activateFrom(target: EventTarget | null): void {
    const node = target instanceof Element ? target.closest('.node') : null;
    const id = node?.getAttribute('data-logical-id');
    if (id) this.onActivate(id);
  }

  update(nodes: GraphNode[], edges: Array<[from: string, to: string]>): void {
    const key = JSON.stringify([nodes.map((n) => n.id).sort(), edges.map((e) => e.join('>')).sort()]);
    if (key !== this.shapeKey) {
      this.shapeKey = key;
      // Measured (devtools' Performance panel, and the browser test) because it is the one costly step.
      const started = performance.now();
      this.layout(nodes, edges);
      performance.measure('csf-graph-layout', { start: started, detail: { nodes: nodes.length, edges: edges.length } });
    }
    for (const node of nodes) this.recolour(node);
  }

  private layout(nodes: GraphNode[], edges: Array<[string, string]>): void {
    const graph = new dagre.graphlib.Graph();
    graph.setGraph({ rankdir: 'TB', nodesep: 24, ranksep: 48, marginx: 12, marginy: 12 });
    graph.setDefaultEdgeLabel(() => ({}));
    for (const node of nodes) graph.setNode(node.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
    for (const [from, to] of edges) graph.setEdge(from, to);
    dagre.layout(graph);
    const { width = 0, height = 0 } = graph.graph();
    this.element.textContent = '';
    this.element.setAttribute('viewBox', `0 0 ${Math.max(width, 1)} ${Math.max(height, 1)}`);
    this.element.setAttribute('width', String(Math.max(width, 1)));
    this.element.setAttribute('height', String(Math.max(height, 1)));
    this.element.appendChild(svg('defs', {}, svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrowhead' }))));
    for (const [from, to] of edges) {
      const points: Array<{ x: number; y: number }> = graph.edge(from, to)?.points ?? [];
      if (points.length < 2) continue;
      const d = points.map((p, i) => `${i ? 'L' : 'M'} ${p.x.toFixed(1)} ${p.y.toFixed(1)}`).join(' ');
      this.element.appendChild(svg('path', { d, class: 'edge', 'marker-end': 'url(#arrow)', 'data-from': from, 'data-to': to }));
    }
    this.nodes.clear();
    for (const node of nodes) {
      const placed = graph.node(node.id);
      const group = svg('g', { class: 'node', transform: `translate(${(placed.x - NODE_WIDTH / 2).toFixed(1)} ${(placed.y - NODE_HEIGHT / 2).toFixed(1)})`, 'data-logical-id': node.id, tabindex: 0, role: 'img' });
      group.append(
        svg('rect', { width: NODE_WIDTH, height: NODE_HEIGHT, rx: 6 }),
        svg('text', { x: 10, y: 19, class: 'node-name' }, truncate(node.id, 24)),
        svg('text', { x: 10, y: 36, class: 'node-type' }, truncate(node.type.replace(/^(CloudStack|AWS::CloudFormation|AWS)::/, ''), 30)),
      );
      this.element.appendChild(group);
      this.nodes.set(node.id, group);
    }
  }

  private recolour(node: GraphNode): void {
    const group = this.nodes.get(node.id);
    if (!group) return;
    const status = node.status ?? 'NOT_STARTED';
    group.setAttribute('class', `node tone-${statusTone(node.status)}`);
    group.setAttribute('data-status', status);
    group.setAttribute('aria-label', `${node.id} (${node.type}): ${status.replace(/_/g, ' ')}`);
    const title = group.querySelector<SVGTitleElement>('title') ?? group.appendChild(svg('title'));
    title.textContent = `${node.id}\n${node.type}\n${status}`;
  }
}

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

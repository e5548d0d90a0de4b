/** Pure rendering of a change set as `csf stack plan` prints it: the change set in, lines out. */
import type { ChangeDetailRecord, ChangeSetRecord, ResourceChangeRecord } from './change-set-api';
import { NO_COLORS, type Colors } from './progress-view';

interface ChangeKind {
  /** Terraform's plan symbols, which the reader of a plan already knows; `~?` for a conditional replacement. */
  symbol: '+' | '~' | '~?' | '-/+' | '-';
  label: string;
  paint: keyof Colors;
}

const REMOVE_LABELS: Record<string, string> = {
  Delete: 'remove',
  Retain: 'remove from the stack, keep the object (DeletionPolicy Retain)',
  Snapshot: 'remove after a snapshot (DeletionPolicy Snapshot)',
};

export function changeKind(change: ResourceChangeRecord): ChangeKind {
  if (change.action === 'Add') return { symbol: '+', label: 'add', paint: 'good' };
  if (change.action === 'Remove') return { symbol: '-', label: REMOVE_LABELS[change.policyaction ?? 'Delete'] ?? `remove (DeletionPolicy ${change.policyaction})`, paint: 'bad' };
  if (change.replacement === 'True') return { symbol: '-/+', label: 'replace', paint: 'bad' };
  // Conditional: a property that forces replacement takes a value known only during the update.
  if (change.replacement === 'Conditional') return { symbol: '~?', label: 'modify, may replace', paint: 'busy' };
  return { symbol: '~', label: 'modify in place', paint: 'busy' };
}

const EFFECTS: Record<string, string> = { Always: 'forces replacement', Conditionally: 'may force replacement' };

function cause(detail: ChangeDetailRecord): string {
  const entity = detail.causingentity ?? '?';
  const source = {
    DirectModification: 'edited in the template',
    ParameterReference: `parameter ${entity}`,
    ResourceReference: `Ref ${entity}`,
    ResourceAttribute: `GetAtt ${entity}`,
  }[detail.changesource] ?? detail.changesource;
  return detail.evaluation === 'Dynamic' ? `${source} (known during the update)` : source;
}

interface TargetLine {
  target: string;
  effect: string;
  causes: string[];
  reasons: string[];
}

/** One line per changed property (or Metadata, policy...): AWS lists a detail per cause, a reader wants one per property. */
function targetLines(details: readonly ChangeDetailRecord[]): TargetLine[] {
  const lines = new Map<string, TargetLine>();
  for (const detail of details) {
    const target = detail.target.name ?? detail.target.attribute;
    const key = `${detail.target.attribute}/${target}`;
    const line = lines.get(key) ?? { target, effect: '', causes: [], reasons: [] };
    const effect = EFFECTS[detail.target.requiresrecreation];
    // The strongest effect any cause gives the property is the one that matters.
    if (effect && line.effect !== EFFECTS.Always) line.effect = effect;
    if (!line.causes.includes(cause(detail))) line.causes.push(cause(detail));
    if (detail.reason && !line.reasons.includes(detail.reason)) line.reasons.push(detail.reason);
    lines.set(key, line);
  }
  return [...lines.values()];
}

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, col) => Math.max(...rows.map((r) => r[col].length)));
  return rows.map((row) => row.map((cell, col) => (col < row.length - 1 ? cell.padEnd(widths[col]) : cell)).join('  ').trimEnd());
}

/** `Plan: 1 to add, 2 to change (1 may be replaced), 1 to replace, 0 to remove.` */
export function planSummary(changes: readonly ResourceChangeRecord[]): string {
  const count = (symbol: ChangeKind['symbol']) => changes.filter((c) => changeKind(c).symbol === symbol).length;
  const conditional = count('~?');
  const change = count('~') + conditional;
  const maybe = conditional > 0 ? ` (${conditional} may be replaced)` : '';
  return `Plan: ${count('+')} to add, ${change} to change${maybe}, ${count('-/+')} to replace, ${count('-')} to remove.`;
}

/**
 * The change set as a table: a row per resource (symbol, logical id, type, physical id, what
 * happens to it), under each modified one a line per changed property with what caused it and
 * whether it forces a replacement, then the summary and the command that applies it.
 */
export function renderPlan(changeSet: ChangeSetRecord, colors: Colors = NO_COLORS): string[] {
  const changes = changeSet.changes ?? [];
  const rows: string[][] = [['', 'LOGICAL ID', 'TYPE', 'PHYSICAL ID', 'ACTION']];
  for (const change of changes) {
    const kind = changeKind(change);
    rows.push([kind.symbol.padStart(3), change.logicalresourceid, change.resourcetype, change.physicalresourceid ?? '', kind.label]);
  }
  const aligned = table(rows);
  const detailLines = changes.map((change) => targetLines(change.details ?? []));
  const targetWidth = Math.max(0, ...detailLines.flat().map((l) => l.target.length + 1));
  const body: string[] = [aligned[0]];
  changes.forEach((change, i) => {
    const row = aligned[i + 1];
    const symbol = row.slice(0, 3);
    body.push(`${colors[changeKind(change).paint](symbol)}${row.slice(3)}`);
    for (const line of detailLines[i]) {
      // Terraform's way of flagging the property that forces the replacement: a trailing comment.
      const effect = line.effect ? `  # ${line.effect}` : '';
      // Indented under the logical id (column 5) they belong to.
      body.push(`       ${`${line.target}:`.padEnd(targetWidth)} ${line.causes.join(', ')}${effect}`);
      for (const reason of line.reasons) body.push(`         reason: ${reason}`);
    }
  });
  return [
    `Change set ${changeSet.name} of stack ${changeSet.stackname}:`,
    '',
    ...body,
    '',
    planSummary(changes),
    `Apply it with: csf stack apply ${changeSet.id}`,
  ];
}

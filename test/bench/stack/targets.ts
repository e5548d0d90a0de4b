/** One figure measured against the target its issue set, for the summary at the end of the run. */
export interface TargetCheck {
  figure: string;
  measured: string;
  target: string;
  met: boolean;
}

export function atMost(figure: string, value: number, target: number, digits: number, unit = ''): TargetCheck {
  return { figure, measured: `${value.toFixed(digits)}${unit}`, target: `≤ ${target}${unit}`, met: value <= target };
}

export function below(figure: string, value: number, target: number, digits: number, unit = ''): TargetCheck {
  return { figure, measured: `${value.toFixed(digits)}${unit}`, target: `< ${target}${unit}`, met: value < target };
}

/** A target that is a behaviour, not a number: the diff of an unchanged template is empty, say. */
export function holds(figure: string, met: boolean, measured: string, target: string): TargetCheck {
  return { figure, measured, target, met };
}

export function describeTarget(check: TargetCheck): string {
  return `${check.met ? 'met   ' : 'MISSED'}  ${check.figure}: ${check.measured} (target ${check.target})`;
}

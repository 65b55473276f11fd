/**
 * The result of a scenario that reports a list of named figures of its own (the hostile group,
 * the stampede, many boards): the table prints them in order, one row each, and compares the
 * numeric ones across servers by `better`. Saved in results files as `kind: 'hostile'` or
 * `kind: 'figures'` (plan.ts, ScenarioResult).
 */
export interface Figure {
  label: string;
  value: number | string;
  /** Which way is better, for numbers compared across servers. */
  better?: 'lower' | 'higher';
}

export interface FiguresResult {
  ok: boolean;
  problems: string[];
  figures: Figure[];
}

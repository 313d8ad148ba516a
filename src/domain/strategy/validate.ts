import type { FieldIssue } from '../errors.ts';
import { checkTargetUnit } from '../follow-up/aggregation.ts';
import { headlineProblems, targetDimensionProblems } from './dimensions.ts';
import type { DocumentContent, DocumentMeta, OrgUnit, Target } from './types.ts';

/**
 * Checks the rules that span items of one document version: keys are unique per kind, every
 * reference by key resolves in the same document, goal levels exist and nest, parents form no
 * cycle, a target's comparator has the value it needs, dates are in order, and every unit named
 * exists in the organisation. Returns every issue with its path; an empty list means valid.
 * @example validateDocument(meta, content, units).length === 0
 */
export function validateDocument(meta: DocumentMeta, content: DocumentContent, unitNames: ReadonlySet<string>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });

  issues.push(...validateMeta(meta));

  const keysOf = <T extends { key: string }>(kind: string, items: T[]) => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      if (seen.has(item.key)) add(`/${kind}/${i}/key`, `the key "${item.key}" is used twice in ${kind}`);
      seen.add(item.key);
    });
    return seen;
  };
  keysOf('sections', content.sections);
  keysOf('definitions', content.definitions);
  keysOf('strategies', content.strategies);
  keysOf('targets', content.targets);
  keysOf('activities', content.activities);
  const areas = keysOf('areas', content.areas);
  const goals = keysOf('goals', content.goals);
  const indicators = keysOf('indicators', content.indicators);

  const ref = (path: string, value: string | null, known: Set<string>, what: string) => {
    if (value !== null && !known.has(value)) add(path, `there is no ${what} with the key "${value}" in this document`);
  };
  const unit = (path: string, name: string | null) => {
    if (name !== null && !unitNames.has(name)) add(path, `there is no organisation unit named "${name}" in this municipality`);
  };

  const goalByKey = new Map(content.goals.map((g) => [g.key, g]));
  content.goals.forEach((g, i) => {
    ref(`/goals/${i}/area`, g.area, areas, 'area');
    ref(`/goals/${i}/parent`, g.parent, goals, 'goal');
    unit(`/goals/${i}/ownerUnit`, g.ownerUnit);
    if (g.level < 1 || g.level > meta.goalLevels.length) {
      add(`/goals/${i}/level`, `level ${g.level} does not exist: the document names ${meta.goalLevels.length} goal level(s)`);
    }
    const parent = g.parent ? goalByKey.get(g.parent) : undefined;
    if (parent && parent.level >= g.level) add(`/goals/${i}/level`, `a goal must be at a deeper level than its parent "${parent.key}"`);
    if (hasCycle(g.key, goalByKey)) add(`/goals/${i}/parent`, 'the goal is its own ancestor');
  });

  content.strategies.forEach((s, i) => {
    ref(`/strategies/${i}/area`, s.area, areas, 'area');
    ref(`/strategies/${i}/goal`, s.goal, goals, 'goal');
  });

  const indicatorByKey = new Map(content.indicators.map((ind) => [ind.key, ind]));
  content.indicators.forEach((ind, i) => {
    ref(`/indicators/${i}/area`, ind.area, areas, 'area');
    ref(`/indicators/${i}/goal`, ind.goal, goals, 'goal');
    if (new Set(ind.sexes).size !== ind.sexes.length) add(`/indicators/${i}/sexes`, 'a sex is listed twice');
    ind.ageBands.forEach((band, j) => {
      const msg = ageBandProblem(band);
      if (msg) add(`/indicators/${i}/ageBands/${j}`, msg);
    });
    for (const p of headlineProblems(ind)) add(`/indicators/${i}${p.path}`, p.message);
    if (ind.sourceKind === 'kolada' && (ind.sourceRef === null || !/^[NU]\d{5}$/.test(ind.sourceRef))) {
      add(`/indicators/${i}/sourceRef`, 'a Kolada source needs a KPI id such as N00973');
    }
  });

  content.targets.forEach((t, i) => {
    ref(`/targets/${i}/goal`, t.goal, goals, 'goal');
    ref(`/targets/${i}/indicator`, t.indicator, indicators, 'indicator');
    ref(`/targets/${i}/referenceIndicator`, t.referenceIndicator, indicators, 'indicator');
    for (const p of targetProblems(t)) add(`/targets/${i}/${p.field}`, p.message);
    const bandMessage = t.ageBand ? ageBandProblem(t.ageBand) : null;
    if (bandMessage) add(`/targets/${i}/ageBand`, bandMessage);
    const ind = t.indicator ? indicatorByKey.get(t.indicator) : undefined;
    if (ind) {
      const reference = t.referenceIndicator ? indicatorByKey.get(t.referenceIndicator) : null;
      for (const p of targetDimensionProblems(t, ind, reference)) if (!(bandMessage && p.path === '/ageBand')) add(`/targets/${i}${p.path}`, p.message);
      const unitIssue = checkTargetUnit(t, ind, `/targets/${i}/unitOfMeasure`);
      if (unitIssue) add(unitIssue.path, unitIssue.message);
    }
  });

  content.activities.forEach((a, i) => {
    ref(`/activities/${i}/area`, a.area, areas, 'area');
    ref(`/activities/${i}/goal`, a.goal, goals, 'goal');
    if (a.start && a.end && a.end < a.start) add(`/activities/${i}/end`, 'the end date is before the start date');
    a.responsible.forEach((r, j) => {
      if (r.unit === null && r.role === null) add(`/activities/${i}/responsible/${j}`, 'name a unit, a role or both');
      unit(`/activities/${i}/responsible/${j}/unit`, r.unit);
    });
    const goal = a.goal ? goalByKey.get(a.goal) : undefined;
    if (goal && a.area && goal.area && goal.area !== a.area) {
      add(`/activities/${i}/area`, `the activity's area "${a.area}" differs from its goal's area "${goal.area}"`);
    }
  });

  return issues;
}

/** Rules on the document's own metadata. */
export function validateMeta(meta: DocumentMeta): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (meta.validFrom && meta.validUntil && meta.validUntil < meta.validFrom) {
    issues.push({ path: '/document/validUntil', message: 'the document cannot be valid until a date before it is valid from' });
  }
  if (meta.validIndefinitely && meta.validUntil) {
    issues.push({ path: '/document/validUntil', message: 'a document valid until further notice ("tills vidare") has no end date' });
  }
  if (meta.goalLevels.length === 0) issues.push({ path: '/document/goalLevels', message: 'name at least one goal level' });
  if (meta.implements === meta.key) issues.push({ path: '/document/implements', message: 'a document cannot implement itself' });
  if (['adopted', 'superseded', 'expired'].includes(meta.status) && meta.adoptedBy === null) {
    issues.push({ path: '/document/adoptedBy', message: 'an adopted document names the body that adopted it' });
  }
  return issues;
}

/**
 * What a target's comparator needs: a value for the absolute ones, none for direction-only ones,
 * a reference indicator for the relative ones.
 */
export function targetProblems(t: Pick<Target, 'comparator' | 'value' | 'referenceIndicator' | 'recurrence' | 'targetYear' | 'baseline'>): Array<{ field: string; message: string }> {
  const out: Array<{ field: string; message: string }> = [];
  const relative = t.comparator === 'at_least_relative' || t.comparator === 'at_most_relative';
  const direction = t.comparator === 'increase' || t.comparator === 'decrease';
  if (relative) {
    if (t.referenceIndicator === null) out.push({ field: 'referenceIndicator', message: 'a relative target names the indicator it is compared with' });
    if (t.value !== null) out.push({ field: 'value', message: 'a relative target has no value of its own: its bar is the reference indicator' });
  } else {
    if (t.referenceIndicator !== null) out.push({ field: 'referenceIndicator', message: 'only a relative target has a reference indicator' });
    if (direction && t.value !== null) out.push({ field: 'value', message: 'a direction-only target ("ska öka") has no value' });
    if (!direction && t.value === null) out.push({ field: 'value', message: `a target "${t.comparator.replace('_', ' ')}" needs a value` });
  }
  if (t.recurrence === 'yearly' && t.targetYear !== null) {
    out.push({ field: 'targetYear', message: 'a yearly target holds every year and has no single target year' });
  }
  if (t.baseline && t.targetYear !== null && t.baseline.year > t.targetYear) {
    out.push({ field: 'baseline', message: 'the baseline year is after the target year' });
  }
  return out;
}

/** Problem with an age band such as "16-64" (or "65-" open-ended), or null when it is fine. */
export function ageBandProblem(band: string): string | null {
  const m = /^(\d{1,3})-(\d{1,3})?$/.exec(band);
  if (!m) return `"${band}" is not an age band such as 16-64`;
  if (m[2] !== undefined && Number(m[2]) < Number(m[1])) return `the age band "${band}" ends before it starts`;
  return null;
}

/**
 * Whether walking up from `start` comes back to `start`. An item below a cycle reaches a loop
 * that does not contain it: that is the cycle's problem, not its own (docs/methodology/validation.md).
 */
function hasCycle(start: string, byKey: Map<string, { parent: string | null }>): boolean {
  const seen = new Set<string>();
  let current: string | null = byKey.get(start)?.parent ?? null;
  while (current !== null) {
    if (current === start) return true;
    if (seen.has(current)) return false;
    seen.add(current);
    current = byKey.get(current)?.parent ?? null;
  }
  return false;
}

/** Units whose parent is missing or that are their own ancestors. */
export function validateOrganisation(units: OrgUnit[], existing: ReadonlySet<string> = new Set()): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const byName = new Map<string, OrgUnit>();
  units.forEach((u, i) => {
    if (byName.has(u.name)) issues.push({ path: `/organisation/${i}/name`, message: `the unit "${u.name}" is listed twice` });
    byName.set(u.name, u);
  });
  units.forEach((u, i) => {
    if (u.parent !== null && !byName.has(u.parent) && !existing.has(u.parent)) {
      issues.push({ path: `/organisation/${i}/parent`, message: `there is no unit named "${u.parent}"` });
    }
    if (hasCycle(u.name, byName)) issues.push({ path: `/organisation/${i}/parent`, message: 'the unit is its own ancestor' });
  });
  return issues;
}

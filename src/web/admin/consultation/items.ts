import type { Stored, Tree, TreeGoal } from '../../../domain/strategy/tree.ts';
import type { ContentKind, Section, Definition } from '../../../domain/strategy/types.ts';

/** The text a comment concerns, as the document has it: a heading and the body under it. */
export interface ItemText {
  kind: ContentKind;
  key: string;
  title: string;
  body: string | null;
}

type TreeLike = Tree<Stored> & { sections: Array<Section & Partial<Stored>>; definitions: Array<Definition & Partial<Stored>> };

/** Every item of a document tree in document order, with its heading and text (for comments beside the text). */
export function flattenItems(tree: TreeLike): ItemText[] {
  const out: ItemText[] = [];
  for (const s of tree.sections) out.push({ kind: 'sections', key: s.key, title: s.title ?? s.body.slice(0, 80), body: s.body });
  for (const d of tree.definitions) out.push({ kind: 'definitions', key: d.key, title: d.term, body: d.text });
  const attached = (n: { strategies: Tree<Stored>['strategies']; indicators: Tree<Stored>['indicators']; activities: Tree<Stored>['activities'] }) => {
    for (const s of n.strategies) out.push({ kind: 'strategies', key: s.key, title: s.text.slice(0, 120), body: s.text });
    for (const i of n.indicators) out.push({ kind: 'indicators', key: i.key, title: i.name, body: i.definition });
    for (const a of n.activities) out.push({ kind: 'activities', key: a.key, title: (a.description ?? a.key).slice(0, 120), body: [a.problem, a.description].filter(Boolean).join('\n\n') || null });
  };
  const goal = (g: TreeGoal<Stored>) => {
    out.push({ kind: 'goals', key: g.key, title: g.title, body: g.description });
    for (const t of g.targets) out.push({ kind: 'targets', key: t.key, title: t.statement, body: null });
    attached(g);
    for (const sub of g.goals) goal(sub);
  };
  for (const a of tree.areas) {
    out.push({ kind: 'areas', key: a.key, title: a.name, body: a.description });
    for (const g of a.goals) goal(g);
    attached(a);
  }
  for (const g of tree.goals) goal(g);
  attached(tree);
  for (const t of tree.targets) out.push({ kind: 'targets', key: t.key, title: t.statement, body: null });
  return out;
}

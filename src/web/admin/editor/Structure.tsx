import { useCallback, useId, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { Stored } from '../../../domain/strategy/tree.ts';
import type { Activity, ContentKind, Definition, Indicator, Section, Strategy, Target } from '../../../domain/strategy/types.ts';
import { ageBandText } from '../../ui/attainment.tsx';
import { EmptyState, StatusChip } from '../../ui/components.tsx';
import { useFormat } from '../../ui/format.ts';
import { useEditor } from './editor-state.tsx';
import { EditForm } from './EditForm.tsx';
import { itemForm, newItemDefaults } from './forms.ts';
import { short } from './labels.ts';
import { SortableList, type RowTools } from './SortableList.tsx';
import { allIndicators, type AreaNode, type GoalNode } from './tree-ops.ts';

type Movable = 'goals' | 'strategies' | 'indicators' | 'activities' | 'targets';
type Leaf = 'strategies' | 'indicators' | 'activities' | 'targets' | 'sections' | 'definitions';
type AnyItem = Stored & { key: string };
const rec = (x: object) => x as Record<string, unknown>;

/** The name a person knows an item by. */
export function itemName(kind: ContentKind, item: Record<string, unknown>, fallback: string): string {
  const v = { sections: item.title ?? item.body, definitions: item.term, areas: item.name, goals: item.title, strategies: item.text, indicators: item.name, targets: item.statement, activities: item.description ?? item.problem }[kind];
  return typeof v === 'string' && v.trim() ? v : fallback;
}

/** Where a new item hangs: the fields that place it. */
type Placement = Record<string, unknown>;

// ----- the areas and their goals -------------------------------------------------------------

/** Areas → goals → targets, strategies, indicators and activities; what has no area comes last. */
export function StructureSection() {
  const intl = useIntl();
  const { tree, editable } = useEditor();
  const [adding, setAdding] = useState<'areas' | 'goals' | null>(null);
  const loose = tree.goals.length + tree.strategies.length + tree.indicators.length + tree.activities.length + tree.targets.length;
  const empty = tree.areas.length === 0 && loose === 0;
  return (
    <section aria-labelledby="structure-heading" className="editor-section">
      <h2 id="structure-heading" tabIndex={-1} data-focus="structure-heading">
        <FormattedMessage id="editor.structure.heading" />
      </h2>
      {empty ? (
        <EmptyState title={<FormattedMessage id={editable ? 'editor.structure.empty' : 'editor.structure.emptyReadOnly'} />}>
          {editable ? (
            <p>
              <FormattedMessage id="editor.structure.emptyHelp" />
            </p>
          ) : null}
        </EmptyState>
      ) : null}
      {tree.areas.length > 0 ? (
        <SortableList
          kind="areas"
          items={tree.areas}
          as="ol"
          className="node-list areas"
          label={intl.formatMessage({ id: 'editor.structure.areas' })}
          itemLabel={(a) => a.name}
          renderItem={(a, tools) => <AreaView area={a} tools={tools} />}
        />
      ) : null}
      {editable ? (
        <AddButtons
          idBase="doc"
          adding={adding}
          setAdding={(k) => setAdding(k as 'areas' | 'goals' | null)}
          // Once there are goals without an area, their own section has the button for more.
          choices={[{ kind: 'areas', labelId: 'editor.add.area' }, ...(loose > 0 ? [] : [{ kind: 'goals' as const, labelId: 'editor.add.goalWithoutArea' }])]}
          placement={{ goals: { area: null, parent: null, level: 1 } }}
        />
      ) : null}
      {loose > 0 ? <Unplaced /> : null}
    </section>
  );
}

/** Goals and items that belong to no area (Östersund's long-term goals could; a draft may). */
function Unplaced() {
  const intl = useIntl();
  const { tree, editable } = useEditor();
  const id = useId();
  const [adding, setAdding] = useState<ContentKind | null>(null);
  return (
    <section className="area unplaced" aria-labelledby={id}>
      <div className="node-head">
        <h3 id={id}>
          <FormattedMessage id="editor.structure.noArea" />
        </h3>
      </div>
      <Lists holder={{ goals: tree.goals, strategies: tree.strategies, indicators: tree.indicators, activities: tree.activities, targets: tree.targets }} depth={0} ownerName={intl.formatMessage({ id: 'editor.structure.noArea' })} />
      {editable ? (
        <AddButtons
          idBase="unplaced"
          adding={adding}
          setAdding={setAdding}
          choices={[
            { kind: 'goals', labelId: 'editor.add.goal' },
            { kind: 'strategies', labelId: 'editor.add.strategy' },
            { kind: 'indicators', labelId: 'editor.add.indicator' },
            { kind: 'activities', labelId: 'editor.add.activity' },
          ]}
          placement={{ goals: { area: null, parent: null, level: 1 }, strategies: { area: null, goal: null }, indicators: { area: null, goal: null }, activities: { area: null, goal: null } }}
        />
      ) : null}
    </section>
  );
}

function AreaView({ area, tools }: { area: AreaNode; tools: RowTools }) {
  const intl = useIntl();
  const { editable, tree } = useEditor();
  const [editing, setEditing] = useState(false);
  const [adding, setAdding] = useState<ContentKind | null>(null);
  const headingId = `area-${area.id}`;
  const levelName = tree.document.goalLevels[0] ?? intl.formatMessage({ id: 'editor.kindOne.goals' });
  const empty = area.goals.length + area.strategies.length + area.indicators.length + area.activities.length === 0;
  return (
    <section className="area" aria-labelledby={headingId}>
      <div className="node-head">
        {tools.handle}
        <h3 id={headingId} tabIndex={-1} data-focus={`item-${area.id}`}>
          {area.name}
        </h3>
        {editable ? <ItemTools kind="areas" item={area} label={area.name} tools={tools} editing={editing} onEdit={() => setEditing(!editing)} /> : null}
      </div>
      {editing ? (
        <ItemEditor kind="areas" item={area} label={area.name} onDone={() => setEditing(false)} />
      ) : area.description ? (
        <p className="node-text">{area.description}</p>
      ) : null}
      {empty ? (
        <p className="hint empty-line">
          <FormattedMessage id={editable ? 'editor.area.empty' : 'editor.area.emptyReadOnly'} />
        </p>
      ) : null}
      <Lists holder={area} depth={0} ownerName={area.name} />
      {editable ? (
        <AddButtons
          idBase={area.id}
          adding={adding}
          setAdding={setAdding}
          choices={[
            { kind: 'goals', labelId: 'editor.add.goalNamed', values: { level: levelName } },
            { kind: 'strategies', labelId: 'editor.add.strategy' },
            { kind: 'indicators', labelId: 'editor.add.indicator' },
            { kind: 'activities', labelId: 'editor.add.activity' },
          ]}
          placement={{ goals: { area: area.key, parent: null, level: 1 }, strategies: { area: area.key, goal: null }, indicators: { area: area.key, goal: null }, activities: { area: area.key, goal: null } }}
          toggle={{ id: 'editor.add.inArea', name: short(area.name, 60) }}
        />
      ) : null}
    </section>
  );
}

/** The lists a goal, an area or the document holds, each with its own label. */
function Lists({ holder, depth, ownerName }: { holder: { goals?: GoalNode[]; targets?: Array<Target & Stored>; strategies: Array<Strategy & Stored>; indicators: Array<Indicator & Stored>; activities: Array<Activity & Stored> }; depth: number; ownerName: string }) {
  const intl = useIntl();
  const { tree } = useEditor();
  const goals = holder.goals ?? [];
  const subLevel = goals[0] ? (tree.document.goalLevels[goals[0].level - 1] ?? null) : null;
  const leafLists: Array<[Leaf, AnyItem[]]> = [
    ['targets', holder.targets ?? []],
    ['strategies', holder.strategies],
    ['indicators', holder.indicators],
    ['activities', holder.activities],
  ];
  const itemLabel = useCallback((g: GoalNode) => g.title, []);
  const goalList =
    goals.length > 0 ? (
      <div className="child-list list-goals">
        {depth > 0 ? <p className="list-label">{subLevel ?? <FormattedMessage id="editor.kind.goals" />}</p> : null}
        <SortableList
          kind="goals"
          items={goals}
          as="ol"
          className="node-list goals"
          label={intl.formatMessage({ id: 'editor.listOf' }, { kind: subLevel ?? intl.formatMessage({ id: 'editor.kind.goals' }), owner: short(ownerName, 60) })}
          itemLabel={itemLabel}
          renderItem={(g, tools) => <GoalView goal={g} depth={depth} tools={tools} />}
        />
      </div>
    ) : null;
  return (
    <>
      {/* An area's goals are its main content and come first; a goal's sub-goals come after its targets and the rest. */}
      {depth === 0 ? goalList : null}
      {leafLists.map(([kind, items]) =>
        items.length === 0 ? null : (
          <div key={kind} className={`child-list list-${kind}`}>
            <p className="list-label">
              <FormattedMessage id={`editor.kind.${kind}`} />
            </p>
            <SortableList
              kind={kind}
              items={items}
              className="node-list leaves"
              label={intl.formatMessage({ id: 'editor.listOf' }, { kind: intl.formatMessage({ id: `editor.kind.${kind}` }), owner: short(ownerName, 60) })}
              itemLabel={(i) => itemName(kind, rec(i), intl.formatMessage({ id: `editor.kindOne.${kind}` }))}
              renderItem={(i, tools) => <LeafView kind={kind} item={i} tools={tools} />}
            />
          </div>
        ),
      )}
      {depth > 0 ? goalList : null}
    </>
  );
}

function GoalView({ goal, depth, tools }: { goal: GoalNode; depth: number; tools: RowTools }) {
  const intl = useIntl();
  const { editable, tree } = useEditor();
  const [editing, setEditing] = useState(false);
  const [adding, setAdding] = useState<ContentKind | null>(null);
  const H = (['h4', 'h5', 'h6'] as const)[Math.min(depth, 2)]!;
  const levels = tree.document.goalLevels;
  const levelName = levels[goal.level - 1] ?? intl.formatMessage({ id: 'editor.goal.levelN' }, { n: goal.level });
  const subName = levels[goal.level] ?? null;
  const headingId = `goal-${goal.id}`;
  const choices: Array<{ kind: ContentKind; labelId: string; values?: Record<string, string> }> = [
    ...(subName ? [{ kind: 'goals' as const, labelId: 'editor.add.goalNamed', values: { level: subName } }] : []),
    { kind: 'targets', labelId: 'editor.add.target' },
    { kind: 'strategies', labelId: 'editor.add.strategy' },
    { kind: 'indicators', labelId: 'editor.add.indicator' },
    { kind: 'activities', labelId: 'editor.add.activity' },
  ];
  return (
    <article className="goal node" aria-labelledby={headingId}>
      <div className="node-head">
        {tools.handle}
        <div className="node-title">
          <span className="level-tag">{levelName}</span>
          <H id={headingId} tabIndex={-1} data-focus={`item-${goal.id}`}>
            {goal.title}
          </H>
        </div>
        {editable ? <ItemTools kind="goals" item={goal} label={goal.title} tools={tools} editing={editing} onEdit={() => setEditing(!editing)} movable /> : null}
      </div>
      {editing ? (
        <ItemEditor kind="goals" item={goal} label={goal.title} onDone={() => setEditing(false)} />
      ) : (
        <>
          {goal.description ? <p className="node-text">{goal.description}</p> : null}
          {goal.ownerUnit ? (
            <p className="item-meta">
              <FormattedMessage id="editor.goal.ownedBy" values={{ unit: goal.ownerUnit }} />
            </p>
          ) : null}
        </>
      )}
      <Lists holder={goal} depth={depth + 1} ownerName={goal.title} />
      {editable ? (
        <AddButtons
          idBase={goal.id}
          adding={adding}
          setAdding={setAdding}
          choices={choices}
          placement={{
            goals: { area: goal.area, parent: goal.key, level: goal.level + 1 },
            targets: { goal: goal.key },
            strategies: { area: goal.area, goal: goal.key },
            indicators: { area: goal.area, goal: goal.key },
            activities: { area: goal.area, goal: goal.key },
          }}
          toggle={{ id: 'editor.add.inGoal', name: short(goal.title, 60) }}
        />
      ) : null}
    </article>
  );
}

// ----- leaves --------------------------------------------------------------------------------

function LeafView({ kind, item, tools }: { kind: Leaf; item: AnyItem; tools: RowTools }) {
  const intl = useIntl();
  const { editable } = useEditor();
  const [editing, setEditing] = useState(false);
  const name = itemName(kind, rec(item), intl.formatMessage({ id: `editor.kindOne.${kind}` }));
  const movable = kind !== 'sections' && kind !== 'definitions';
  return (
    <div className={`leaf leaf-${kind}`}>
      <div className="node-head">
        {tools.handle}
        <div className="leaf-body" tabIndex={-1} data-focus={`item-${item.id}`}>
          <LeafSummary kind={kind} item={item} />
        </div>
        {editable ? <ItemTools kind={kind} item={item} label={name} tools={tools} editing={editing} onEdit={() => setEditing(!editing)} movable={movable} /> : null}
      </div>
      {editing ? <ItemEditor kind={kind} item={item} label={name} onDone={() => setEditing(false)} /> : null}
    </div>
  );
}

function LeafSummary({ kind, item }: { kind: Leaf; item: AnyItem }) {
  const intl = useIntl();
  const f = useFormat();
  const { tree } = useEditor();
  const none = (k: string) => (
    <span className="muted">
      <FormattedMessage id={`editor.${k}`} />
    </span>
  );
  switch (kind) {
    case 'strategies':
      return <p className="leaf-text">{(item as unknown as Strategy).text}</p>;
    case 'targets': {
      const t = item as unknown as Target;
      const ind = t.indicator ? allIndicators(tree).find((i) => i.key === t.indicator) : undefined;
      const unit = ind?.unitOfMeasure ?? null;
      const parts = [
        intl.formatMessage({ id: `editor.comparator.${t.comparator}` }) + (t.value !== null ? ` ${f.value(t.value, unit)}` : ''),
        t.targetYear !== null ? intl.formatMessage({ id: 'editor.target.byYear' }, { year: t.targetYear }) : null,
        t.recurrence === 'yearly' ? intl.formatMessage({ id: 'editor.recurrence.yearly' }) : null,
        ind ? intl.formatMessage({ id: 'editor.target.measuredBy' }, { name: short(ind.name, 90) }) : null,
        // The series it reads, when it names one of its own (else the indicator's headline).
        t.sex !== null ? intl.formatMessage({ id: `common.sex.${t.sex}` }).toLocaleLowerCase(intl.locale) : null,
        t.ageBand !== null ? ageBandText(intl, t.ageBand) : null,
      ].filter(Boolean);
      return (
        <>
          <p className="leaf-text">{t.statement}</p>
          <p className="item-meta">{parts.join(' · ')}</p>
        </>
      );
    }
    case 'indicators': {
      const i = item as unknown as Indicator;
      const parts = [
        intl.formatMessage({ id: `editor.unit.${i.unitOfMeasure}` }),
        intl.formatMessage({ id: `editor.frequency.${i.frequency}` }),
        intl.formatMessage({ id: `editor.sourceKind.${i.sourceKind}` }) + (i.sourceRef ? ` ${i.sourceRef}` : ''),
        i.sexes.includes('women') ? intl.formatMessage({ id: 'editor.indicator.bySex' }) : null,
        i.ageBands.length > 0 ? i.ageBands.map((b) => ageBandText(intl, b)).join(', ') : null,
      ].filter(Boolean);
      return (
        <>
          <p className="leaf-text">{i.name}</p>
          <p className="item-meta">{parts.join(' · ')}</p>
        </>
      );
    }
    case 'activities': {
      const a = item as unknown as Activity;
      const responsible = a.responsibleText ?? a.responsible.map((r) => [r.unit, r.role].filter(Boolean).join(', ')).join('; ');
      return (
        <>
          <p className="leaf-text">{a.description ?? a.problem ?? none('activity.noDescription')}</p>
          <p className="item-meta">
            <StatusChip status={a.status} label={intl.formatMessage({ id: `common.activityStatus.${a.status}` })} />{' '}
            {responsible ? <FormattedMessage id="editor.activity.responsibleIs" values={{ who: responsible }} /> : null}
            {responsible && a.timelineText ? ' · ' : null}
            {a.timelineText ? <FormattedMessage id="editor.activity.timelineIs" values={{ when: a.timelineText }} /> : null}
          </p>
        </>
      );
    }
    case 'sections': {
      const s = item as unknown as Section;
      return (
        <>
          <p className="leaf-text">
            <span className="level-tag">{intl.formatMessage({ id: `editor.sectionKind.${s.kind}` })}</span> <strong>{s.title ?? intl.formatMessage({ id: `editor.sectionKind.${s.kind}` })}</strong>
          </p>
          <details className="section-body">
            <summary>
              <FormattedMessage id="editor.section.showText" values={{ n: s.body.length }} />
            </summary>
            <div className="prose">{s.body}</div>
          </details>
        </>
      );
    }
    case 'definitions': {
      const d = item as unknown as Definition;
      return (
        <p className="leaf-text">
          <strong>{d.term}</strong> – {d.text}
          {d.note ? <span className="muted"> ({d.note})</span> : null}
        </p>
      );
    }
  }
}

// ----- tools, editing and adding -------------------------------------------------------------

function ItemTools({ kind, item, label, tools, editing, onEdit, movable }: { kind: ContentKind; item: AnyItem; label: string; tools: RowTools; editing: boolean; onEdit(): void; movable?: boolean }) {
  const intl = useIntl();
  const { busy, openDialog } = useEditor();
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const name = short(label, 60);
  const hidden = (text: string) => <span className="visually-hidden"> {text}</span>;
  const guard = (fn: () => void) => () => {
    if (!busy) fn();
  };
  return (
    <div className="item-tools">
      <button type="button" className="tool" onClick={onEdit} aria-expanded={editing} data-focus={`edit-${item.id}`}>
        <FormattedMessage id="common.edit" />
        {hidden(name)}
      </button>
      <button type="button" className="tool" onClick={() => setOpen(!open)} aria-expanded={open} aria-controls={open ? menuId : undefined} data-focus={`more-${item.id}`}>
        <FormattedMessage id="editor.tools.more" />
        {hidden(name)}
        <span aria-hidden="true"> {open ? '▴' : '▾'}</span>
      </button>
      {open ? (
        <div
          id={menuId}
          className="tool-menu"
          role="group"
          aria-label={intl.formatMessage({ id: 'editor.tools.label' }, { name })}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              setOpen(false);
              document.querySelector<HTMLElement>(`[data-focus="more-${CSS.escape(item.id)}"]`)?.focus();
            }
          }}
        >
          {tools.count > 1 ? (
            <>
              <button type="button" className="tool" onClick={guard(tools.moveUp)} disabled={tools.index === 0} aria-disabled={busy || undefined} data-focus={`up-${item.id}`}>
                <span aria-hidden="true">↑ </span>
                {intl.formatMessage({ id: 'editor.tools.up' })}
                {hidden(name)}
              </button>
              <button type="button" className="tool" onClick={guard(tools.moveDown)} disabled={tools.index === tools.count - 1} aria-disabled={busy || undefined} data-focus={`down-${item.id}`}>
                <span aria-hidden="true">↓ </span>
                {intl.formatMessage({ id: 'editor.tools.down' })}
                {hidden(name)}
              </button>
            </>
          ) : null}
          {movable ? (
            <button type="button" className="tool" onClick={guard(() => openDialog({ type: 'move', kind: kind as Movable, item, label }))} aria-disabled={busy || undefined} data-focus={`move-${item.id}`}>
              <FormattedMessage id="editor.tools.moveTo" />
              {hidden(name)}
            </button>
          ) : null}
          <button
            type="button"
            className="tool danger"
            onClick={guard(() => openDialog({ type: 'delete', kind, item, label, focusAfter: tools.neighbours }))}
            aria-disabled={busy || undefined}
            data-focus={`delete-${item.id}`}
          >
            <FormattedMessage id="common.delete" />
            {hidden(name)}
          </button>
        </div>
      ) : null}
    </div>
  );
}

/** The edit form of one item, in place of its text. */
function ItemEditor({ kind, item, label, onDone }: { kind: ContentKind; item: AnyItem; label: string; onDone(): void }) {
  const intl = useIntl();
  const { ctx, send, busy, focusLater } = useEditor();
  const decimal = intl.formatNumber(1.5).includes(',') ? ',' : '.';
  const def = itemForm(kind, decimal);
  const what = intl.formatMessage({ id: `editor.the.${kind}` });
  return (
    <EditForm
      def={def}
      ctx={ctx}
      initial={rec(item)}
      lockVersion={item.lockVersion}
      idPrefix={`edit-${item.id}`}
      label={intl.formatMessage({ id: 'editor.form.editLabel' }, { name: short(label, 80) })}
      what={what}
      busy={busy}
      submitLabel={intl.formatMessage({ id: 'common.save' })}
      submit={async (body, lockVersion) => {
        const [saved] = await send([{ method: 'PATCH', path: `/api/v1/${kind}/${item.id}`, body: { ...body, lockVersion } }], { focus: [`edit-${item.id}`, `item-${item.id}`] });
        return saved as Record<string, unknown>;
      }}
      onSaved={onDone}
      onCancel={() => {
        onDone();
        focusLater(`edit-${item.id}`);
      }}
    />
  );
}

/** "Add …" buttons for what a place can hold, and the form of the one chosen. */
function AddButtons({
  idBase,
  adding,
  setAdding,
  choices,
  placement,
  toggle,
}: {
  idBase: string;
  adding: ContentKind | null;
  setAdding(k: ContentKind | null): void;
  choices: Array<{ kind: ContentKind; labelId: string; values?: Record<string, string> }>;
  placement: Partial<Record<ContentKind, Placement>>;
  /** In an area or a goal the choices sit behind one button: its text and the place's name. */
  toggle?: { id: string; name: string };
}) {
  const intl = useIntl();
  const { ctx, send, busy, tree, focusLater } = useEditor();
  const decimal = intl.formatNumber(1.5).includes(',') ? ',' : '.';
  const chosen = choices.find((c) => c.kind === adding);
  return (
    <div className="add-area">
      {chosen && adding ? (
        <div className="add-form">
          <p className="add-title">{intl.formatMessage({ id: chosen.labelId }, chosen.values)}</p>
          <EditForm
            def={itemForm(adding, decimal)}
            ctx={ctx}
            initial={{ ...newItemDefaults(adding), ...(placement[adding] ?? {}) }}
            idPrefix={`new-${idBase}-${adding}`}
            label={intl.formatMessage({ id: chosen.labelId }, chosen.values)}
            what={intl.formatMessage({ id: `editor.the.${adding}` })}
            busy={busy}
            conflicts={false}
            submitLabel={intl.formatMessage({ id: 'editor.add.save' })}
            submit={async (body) => {
              const [saved] = await send([{ method: 'POST', path: `/api/v1/documents/${tree.document.id}/${adding}`, body: { ...body, ...(placement[adding] ?? {}) } }]);
              return saved as Record<string, unknown>;
            }}
            onSaved={(saved) => {
              setAdding(null);
              focusLater(`item-${String(saved.id)}`);
            }}
            onCancel={() => {
              setAdding(null);
              focusLater([`add-${idBase}-${adding}`, `add-${idBase}`]);
            }}
          />
        </div>
      ) : (
        <AddChoices idBase={idBase} choices={choices} setAdding={setAdding} toggle={toggle} />
      )}
    </div>
  );
}

/** The kinds one can add here: shown at once, or (in an area or goal) behind one "Add …" button. */
function AddChoices({ idBase, choices, setAdding, toggle }: { idBase: string; choices: Array<{ kind: ContentKind; labelId: string; values?: Record<string, string> }>; setAdding(k: ContentKind): void; toggle?: { id: string; name: string } }) {
  const intl = useIntl();
  const { busy } = useEditor();
  const [open, setOpen] = useState(false);
  const id = useId();
  const buttons = (
    <div className="add-buttons" role="group" id={id} aria-label={toggle ? `${intl.formatMessage({ id: toggle.id })} ${toggle.name}` : intl.formatMessage({ id: 'editor.add.group' })}>
      {choices.map((c) => (
        <button key={c.kind} type="button" className="secondary small" onClick={() => setAdding(c.kind)} data-focus={`add-${idBase}-${c.kind}`} disabled={busy}>
          <span aria-hidden="true">+ </span>
          {intl.formatMessage({ id: c.labelId }, c.values)}
        </button>
      ))}
    </div>
  );
  if (!toggle) return buttons;
  return (
    <>
      <button type="button" className="secondary small add-toggle" aria-expanded={open} aria-controls={open ? id : undefined} onClick={() => setOpen(!open)} data-focus={`add-${idBase}`}>
        <span aria-hidden="true">+ </span>
        <FormattedMessage id={toggle.id} />
        <span className="visually-hidden"> {toggle.name}</span>
        <span aria-hidden="true"> {open ? '▴' : '▾'}</span>
      </button>
      {open ? buttons : null}
    </>
  );
}

// ----- sections and definitions --------------------------------------------------------------

/** The document's texts (vision, purpose, background …) or its terms, in order. */
export function TextsSection({ kind }: { kind: 'sections' | 'definitions' }) {
  const intl = useIntl();
  const { tree, editable } = useEditor();
  const [adding, setAdding] = useState<ContentKind | null>(null);
  const items = tree[kind] as unknown as AnyItem[];
  const headingId = `${kind}-heading`;
  return (
    <section aria-labelledby={headingId} className="editor-section">
      <h2 id={headingId} tabIndex={-1} data-focus={headingId}>
        <FormattedMessage id={`editor.${kind}.heading`} />
      </h2>
      {items.length === 0 ? (
        <EmptyState title={<FormattedMessage id={editable ? `editor.${kind}.empty` : `editor.${kind}.emptyReadOnly`} />} />
      ) : (
        <SortableList
          kind={kind}
          items={items}
          as="ol"
          className="node-list leaves texts"
          labelledBy={headingId}
          itemLabel={(i) => itemName(kind, rec(i), intl.formatMessage({ id: `editor.kindOne.${kind}` }))}
          renderItem={(i, tools) => <LeafView kind={kind} item={i} tools={tools} />}
        />
      )}
      {editable ? (
        <AddButtons
          idBase={kind}
          adding={adding}
          setAdding={setAdding}
          choices={[{ kind, labelId: kind === 'sections' ? 'editor.add.section' : 'editor.add.definition' }]}
          placement={{}}
        />
      ) : null}
    </section>
  );
}

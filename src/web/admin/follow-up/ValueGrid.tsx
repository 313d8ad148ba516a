import { useId, useRef, useState, type ClipboardEvent, type KeyboardEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { ValueDto } from '../../../shared/api/views.ts';
import { useFormat } from '../../ui/format.ts';
import { cellId, isBlock, parseClipboard, planPaste, SEX_COLUMNS, type GridRow } from './grid.ts';

/**
 * The report's indicator values as a grid: one row per indicator and age band, one column per sex.
 * Plain inputs in a table with a roving tab stop (Tab enters the grid at the current cell and
 * leaves it again), arrow keys move between cells, typing or Enter/F2 edits, Escape cancels the
 * edit, Enter ends it and moves down. A block pasted from a spreadsheet fills the cells from the
 * one it is pasted into. Nothing is saved here: the page saves the changed cells.
 */
export function ValueGrid({
  rows,
  stored,
  text,
  errors,
  dirty,
  editable,
  caption,
  onEdit,
  onAnnounce,
}: {
  rows: GridRow[];
  stored: Map<string, ValueDto>;
  /** What each cell shows: the user's unsaved text, else the stored value. */
  text(id: string): string;
  errors: Map<string, string[]>;
  dirty: Set<string>;
  editable: boolean;
  caption: string;
  onEdit(cells: Array<[string, string]>): void;
  onAnnounce(message: { id: string; values: Record<string, number> }): void;
}) {
  const intl = useIntl();
  const f = useFormat();
  const base = useId();
  const [active, setActive] = useState<{ row: number; col: number }>({ row: 0, col: 0 });
  const [editing, setEditing] = useState(false);
  const editStart = useRef('');
  const inputs = useRef(new Map<string, HTMLInputElement>());

  const allowed = (r: number, c: number) => {
    const row = rows[r];
    const sex = SEX_COLUMNS[c];
    return !!row && !!sex && row.sexes.includes(sex);
  };
  const firstAllowed = (): { row: number; col: number } => {
    for (let r = 0; r < rows.length; r++) for (let c = 0; c < SEX_COLUMNS.length; c++) if (allowed(r, c)) return { row: r, col: c };
    return { row: 0, col: 0 };
  };
  const current = allowed(active.row, active.col) ? active : firstAllowed();
  const idOf = (r: number, c: number) => cellId(rows[r]!.indicator, SEX_COLUMNS[c]!, rows[r]!.ageBand);
  const inputId = (r: number, c: number) => `${base}-cell-${r}-${c}`;

  const focusCell = (r: number, c: number) => {
    setEditing(false);
    setActive({ row: r, col: c });
    const el = inputs.current.get(`${r}:${c}`);
    if (el) {
      el.focus();
      el.select();
    }
  };
  const move = (r: number, c: number, dr: number, dc: number) => {
    if (dr !== 0) {
      for (let x = r + dr; x >= 0 && x < rows.length; x += dr) if (allowed(x, c)) return focusCell(x, c);
    }
    if (dc !== 0) {
      for (let y = c + dc; y >= 0 && y < SEX_COLUMNS.length; y += dc) if (allowed(r, y)) return focusCell(r, y);
    }
  };
  const edge = (r: number, dir: 1 | -1, wholeGrid: boolean) => {
    const rowsToTry = wholeGrid ? (dir === -1 ? rows.map((_, i) => i) : rows.map((_, i) => rows.length - 1 - i)) : [r];
    for (const x of rowsToTry) {
      const cols = dir === -1 ? [0, 1, 2] : [2, 1, 0];
      for (const y of cols) if (allowed(x, y)) return focusCell(x, y);
    }
  };

  const startEdit = (el: HTMLInputElement, caretAtEnd: boolean) => {
    editStart.current = el.value;
    setEditing(true);
    if (caretAtEnd) {
      const end = el.value.length;
      el.setSelectionRange(end, end);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>, r: number, c: number) => {
    const el = e.currentTarget;
    const id = idOf(r, c);
    if (!editing) {
      switch (e.key) {
        case 'ArrowUp':
          e.preventDefault();
          return move(r, c, -1, 0);
        case 'ArrowDown':
          e.preventDefault();
          return move(r, c, 1, 0);
        case 'ArrowLeft':
          e.preventDefault();
          return move(r, c, 0, -1);
        case 'ArrowRight':
          e.preventDefault();
          return move(r, c, 0, 1);
        case 'Home':
          e.preventDefault();
          return edge(r, -1, e.ctrlKey || e.metaKey);
        case 'End':
          e.preventDefault();
          return edge(r, 1, e.ctrlKey || e.metaKey);
        case 'Enter':
        case 'F2':
          e.preventDefault();
          return startEdit(el, true);
        case 'Delete':
        case 'Backspace':
          e.preventDefault();
          onEdit([[id, '']]);
          return;
        default:
          // Typing replaces the cell, as in a spreadsheet: the text is selected, so the key overwrites it.
          if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {
            el.select();
            startEdit(el, false);
          }
          return;
      }
    }
    switch (e.key) {
      case 'Escape':
        e.preventDefault();
        onEdit([[id, editStart.current]]);
        setEditing(false);
        requestAnimationFrame(() => el.select());
        return;
      case 'Enter':
        e.preventDefault();
        setEditing(false);
        if (e.shiftKey) move(r, c, -1, 0);
        else move(r, c, 1, 0);
        // At the last row the cell stays; the edit still ends.
        requestAnimationFrame(() => {
          if (document.activeElement === el) el.select();
        });
        return;
      case 'ArrowUp':
      case 'ArrowDown':
        e.preventDefault();
        setEditing(false);
        return move(r, c, e.key === 'ArrowUp' ? -1 : 1, 0);
      case 'Tab':
        setEditing(false);
        return;
      default:
        return;
    }
  };

  const onPaste = (e: ClipboardEvent<HTMLInputElement>, r: number, c: number) => {
    const pasted = e.clipboardData.getData('text/plain');
    if (!isBlock(pasted)) {
      if (!editing) {
        e.preventDefault();
        onEdit([[idOf(r, c), pasted.replace(/[\r\n]+$/, '').trim()]]);
      }
      return;
    }
    e.preventDefault();
    const block = parseClipboard(pasted);
    const plan = planPaste(rows, { row: r, col: c }, block);
    onEdit(plan.writes.map((w) => [idOf(w.row, w.col), w.text]));
    setEditing(false);
    onAnnounce({ id: 'followUp.grid.pasted', values: { n: plan.writes.length, skipped: plan.skipped } });
  };

  const helpId = `${base}-help`;
  const captionId = `${base}-caption`;
  const colId = (c: number) => `${base}-col-${c}`;
  const ageLabel = (band: string | null) => {
    if (!band) return intl.formatMessage({ id: 'followUp.age.all' });
    const [from, to] = band.split('-');
    return to ? intl.formatMessage({ id: 'followUp.age.band' }, { from, to }) : intl.formatMessage({ id: 'followUp.age.open' }, { from });
  };
  // Rows grouped by indicator: each indicator is a row group (its own <tbody>) with its name as the group's header.
  const groups: Array<{ start: number; rows: GridRow[] }> = [];
  rows.forEach((row, i) => {
    if (row.first) groups.push({ start: i, rows: [] });
    groups.at(-1)!.rows.push(row);
  });

  return (
    <>
      {editable ? (
        <p className="hint" id={helpId}>
          <FormattedMessage id="followUp.grid.help" />
        </p>
      ) : null}
      <div className="table-scroll" tabIndex={0} role="region" aria-labelledby={captionId}>
        <table className="value-grid" aria-describedby={editable ? helpId : undefined}>
          <caption id={captionId}>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">
                <FormattedMessage id="followUp.grid.indicator" />
              </th>
              <th scope="col">
                <FormattedMessage id="followUp.grid.age" />
              </th>
              {SEX_COLUMNS.map((s, c) => (
                <th scope="col" key={s} id={colId(c)} className="num">
                  <FormattedMessage id={`common.sex.${s}`} />
                </th>
              ))}
            </tr>
          </thead>
          {groups.map((g) => (
            <tbody key={g.rows[0]!.indicator}>
              {g.rows.map((row, i) => {
                const r = g.start + i;
                const indId = `${base}-ind-${g.start}`;
                const ageId = `${base}-age-${r}`;
                return (
                  <tr key={`${row.indicator}-${row.ageBand ?? ''}`}>
                    {i === 0 ? (
                      <th scope="rowgroup" rowSpan={row.span} id={indId} className="grid-indicator">
                        {row.name}{' '}
                        <span className="grid-unit">{intl.formatMessage({ id: `followUp.unit.${row.unit}` })}</span>
                      </th>
                    ) : null}
                    <th scope="row" id={ageId} className="grid-age">
                      {ageLabel(row.ageBand)}
                    </th>
                    {SEX_COLUMNS.map((sex, c) => {
                      if (!row.sexes.includes(sex)) {
                        return (
                          <td key={sex} className="num grid-na">
                            <span aria-hidden="true">–</span>
                            <span className="visually-hidden">
                              <FormattedMessage id="followUp.grid.notSplit" />
                            </span>
                          </td>
                        );
                      }
                      const id = cellId(row.indicator, sex, row.ageBand);
                      const value = stored.get(id);
                      const messages = errors.get(id) ?? [];
                      const errorId = `${inputId(r, c)}-error`;
                      if (!editable) {
                        return (
                          <td key={sex} className="num">
                            {value ? (
                              f.value(value.value, row.unit)
                            ) : (
                              <>
                                <span aria-hidden="true">–</span>
                                <span className="visually-hidden">
                                  <FormattedMessage id="followUp.grid.empty" />
                                </span>
                              </>
                            )}
                            {value?.status === 'preliminary' ? (
                              <span className="grid-flag">
                                <FormattedMessage id="followUp.grid.preliminary" />
                              </span>
                            ) : null}
                            {value?.example ? (
                              <span className="grid-flag">
                                <FormattedMessage id="followUp.grid.example" />
                              </span>
                            ) : null}
                          </td>
                        );
                      }
                      const isActive = current.row === r && current.col === c;
                      const isDirty = dirty.has(id);
                      return (
                        <td key={sex} className={`grid-cell${messages.length ? ' has-error' : ''}${isDirty ? ' dirty' : ''}`}>
                          <input
                            ref={(el) => {
                              if (el) inputs.current.set(`${r}:${c}`, el);
                              else inputs.current.delete(`${r}:${c}`);
                            }}
                            id={inputId(r, c)}
                            type="text"
                            inputMode="decimal"
                            autoComplete="off"
                            spellCheck={false}
                            tabIndex={isActive ? 0 : -1}
                            value={text(id)}
                            aria-labelledby={`${indId} ${ageId} ${colId(c)}`}
                            aria-invalid={messages.length ? true : undefined}
                            aria-describedby={[messages.length ? errorId : null, isDirty ? `${base}-unsaved` : null].filter(Boolean).join(' ') || undefined}
                            onFocus={(e) => {
                              setActive({ row: r, col: c });
                              if (!editing) e.currentTarget.select();
                            }}
                            onBlur={() => setEditing(false)}
                            onKeyDown={(e) => onKeyDown(e, r, c)}
                            onPaste={(e) => onPaste(e, r, c)}
                            onChange={(e) => {
                              if (!editing) {
                                editStart.current = text(id);
                                setEditing(true);
                              }
                              onEdit([[id, e.target.value]]);
                            }}
                          />
                          {isDirty ? (
                            <span className="grid-dirty" aria-hidden="true">
                              ●
                            </span>
                          ) : null}
                          {messages.length ? (
                            <span className="grid-error" id={errorId}>
                              {messages.join(' ')}
                            </span>
                          ) : null}
                        </td>
                      );
                    })}
                  </tr>
                );
              })}
            </tbody>
          ))}
        </table>
      </div>
      <span hidden id={`${base}-unsaved`}>
        <FormattedMessage id="followUp.grid.unsaved" />
      </span>
    </>
  );
}

import { closestCenter, DndContext, KeyboardSensor, PointerSensor, useSensor, useSensors, type Announcements, type DragEndEvent, type Modifier, type UniqueIdentifier } from '@dnd-kit/core';
import { arrayMove, SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useIntl } from 'react-intl';
import type { ContentKind } from '../../../domain/strategy/types.ts';
import { ApiError } from '../../ui/api.ts';
import { useEditor } from './editor-state.tsx';
import { short } from './labels.ts';
import { positionFor } from './tree-ops.ts';

export interface ListItem {
  id: string;
  key: string;
  lockVersion: number;
  position: number;
}

/** What a row gets to move itself: the drag handle (a draft with two or more rows) and one step up or down. */
export interface RowTools {
  handle: ReactNode;
  index: number;
  count: number;
  moveUp(): void;
  moveDown(): void;
  /** Where focus goes when the row is deleted: a neighbour, else the list's section. */
  neighbours: string[];
}

const vertical: Modifier = ({ transform }) => ({ ...transform, x: 0 });

interface Props<T extends ListItem> {
  kind: ContentKind;
  items: T[];
  as?: 'ul' | 'ol';
  className?: string;
  labelledBy?: string;
  label?: string;
  /** The item's name, for the handle, the buttons and what a screen reader hears during a drag. */
  itemLabel(item: T): string;
  renderItem(item: T, tools: RowTools): ReactNode;
}

/**
 * One sibling list of the document (the goals of an area, the activities of a goal …), reordered
 * by dragging (mouse, touch, or the keyboard: Space, arrows, Space) or one step at a time with the
 * rows' own buttons. The new order shows at once; the server gets the item's new position.
 */
export function SortableList<T extends ListItem>({ kind, items, as = 'ul', className, labelledBy, label, itemLabel, renderItem }: Props<T>) {
  const intl = useIntl();
  const { editable, busy, send, setPageError } = useEditor();
  const [order, setOrder] = useState<string[] | null>(null);
  const ids = items.map((i) => i.id).join(',');
  useEffect(() => setOrder(null), [ids]);
  const shown = order ? order.map((id) => items.find((i) => i.id === id)).filter((x): x is T => x !== undefined) : items;
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));
  const List = as;

  async function move(item: T, to: number, focus: string[]) {
    const from = items.findIndex((i) => i.id === item.id);
    if (busy || to < 0 || to >= items.length || to === from) return;
    setOrder(arrayMove(items, from, to).map((i) => i.id));
    setPageError(null);
    try {
      await send([{ method: 'PATCH', path: `/api/v1/${kind}/${item.id}`, body: { position: positionFor(items, item.id, to), lockVersion: item.lockVersion } }], {
        done: intl.formatMessage({ id: 'editor.moved.place' }, { name: short(itemLabel(item), 60), n: to + 1, total: items.length }),
        focus,
      });
    } catch (e) {
      setOrder(null);
      if (e instanceof ApiError) setPageError(e);
      else throw e;
    }
  }

  const labels = useMemo(() => new Map(items.map((i) => [i.id, short(itemLabel(i), 80)])), [items, itemLabel]);
  const indexOf = (id: UniqueIdentifier) => shown.findIndex((i) => i.id === id) + 1;
  // Where the dragged row was last said to be: the place it starts on is said once, by onDragStart.
  const lastOver = useRef<UniqueIdentifier | null>(null);
  const announcements: Announcements = {
    onDragStart: ({ active }) => {
      lastOver.current = active.id;
      return intl.formatMessage({ id: 'editor.drag.start' }, { name: labels.get(String(active.id)), n: indexOf(active.id), total: shown.length });
    },
    onDragOver: ({ active, over }) => {
      if ((over?.id ?? null) === lastOver.current) return undefined;
      lastOver.current = over?.id ?? null;
      return over ? intl.formatMessage({ id: 'editor.drag.over' }, { name: labels.get(String(active.id)), n: indexOf(over.id), total: shown.length }) : intl.formatMessage({ id: 'editor.drag.outside' }, { name: labels.get(String(active.id)) });
    },
    onDragEnd: ({ active, over }) =>
      over ? intl.formatMessage({ id: 'editor.drag.end' }, { name: labels.get(String(active.id)), n: indexOf(over.id), total: shown.length }) : intl.formatMessage({ id: 'editor.drag.cancel' }, { name: labels.get(String(active.id)) }),
    onDragCancel: ({ active }) => intl.formatMessage({ id: 'editor.drag.cancel' }, { name: labels.get(String(active.id)) }),
  };

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    const item = items.find((i) => i.id === active.id);
    const to = items.findIndex((i) => i.id === over.id);
    if (item && to >= 0) void move(item, to, [`handle-${item.id}`]);
  };

  const tools = (item: T, index: number, handle: ReactNode): RowTools => ({
    handle,
    index,
    count: shown.length,
    moveUp: () => void move(item, index - 1, [`up-${item.id}`, `down-${item.id}`, `item-${item.id}`]),
    moveDown: () => void move(item, index + 1, [`down-${item.id}`, `up-${item.id}`, `item-${item.id}`]),
    neighbours: [shown[index + 1], shown[index - 1]].filter((x): x is T => x !== undefined).map((x) => `item-${x.id}`),
  });

  const listProps = { className, ...(labelledBy ? { 'aria-labelledby': labelledBy } : {}), ...(label ? { 'aria-label': label } : {}) };
  if (!editable || shown.length < 2) {
    return (
      <List {...listProps}>
        {shown.map((item, index) => (
          <li key={item.id} className="node-row">
            {renderItem(item, tools(item, index, null))}
          </li>
        ))}
      </List>
    );
  }
  return (
    <DndContext
      sensors={sensors}
      collisionDetection={closestCenter}
      modifiers={[vertical]}
      onDragEnd={onDragEnd}
      accessibility={{ announcements, screenReaderInstructions: { draggable: intl.formatMessage({ id: 'editor.drag.instructions' }) } }}
    >
      <SortableContext items={shown.map((i) => i.id)} strategy={verticalListSortingStrategy}>
        <List {...listProps}>
          {shown.map((item, index) => (
            <SortableRow key={item.id} id={item.id} disabled={busy} handleLabel={intl.formatMessage({ id: 'editor.drag.handle' }, { name: labels.get(item.id) })}>
              {(handle) => renderItem(item, tools(item, index, handle))}
            </SortableRow>
          ))}
        </List>
      </SortableContext>
    </DndContext>
  );
}

function SortableRow({ id, disabled, handleLabel, children }: { id: string; disabled: boolean; handleLabel: string; children(handle: ReactNode): ReactNode }) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id, disabled });
  const style = { transform: CSS.Translate.toString(transform), transition };
  const handle = (
    <button type="button" className="drag-handle" ref={setActivatorNodeRef} {...attributes} {...listeners} aria-label={handleLabel} title={handleLabel} data-focus={`handle-${id}`}>
      <span aria-hidden="true">⠿</span>
    </button>
  );
  return (
    <li ref={setNodeRef} style={style} className={isDragging ? 'node-row dragging' : 'node-row'}>
      {children(handle)}
    </li>
  );
}

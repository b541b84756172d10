/**
 * The task page's data and actions: the task (leaves with their own evidence, clarifications), its comments and
 * history, the appraiser's unsaved scores, and every write the page makes (each reloads the task when it lands).
 */
import { App } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import { api, ApiError, call, type Schemas } from '../../api/client';
import { useAuth } from '../../auth';
import { errorText } from '../../components/states';
import { formatNumber, parseNumber } from '../../lib/format';
import { useLang } from '../../lib/i18n';
import { useAsync } from '../../lib/use-async';

export type Task = Schemas['AppraisalTaskView'];
export type Leaf = Schemas['AppraisalLeafView'];
export type TaskEvidence = Schemas['AppraisalEvidenceView'];
export type Draft = Record<string, { points: string; comment: string }>;
export interface ClarificationRequest {
  criterionCodes: string[];
  request: string;
  /** The last day the unit may answer (the request is due at the end of that day, Vietnam time). */
  due: Dayjs;
}

/** The round the appraiser scores now: 2 once the leaf was named in an answered or expired clarification. */
export function roundOf(l: Leaf): 1 | 2 {
  return l.needsRound2 ? 2 : 1;
}

export type Refusal = Schemas['ScoreRefusalView'];

const byCode = (list: Refusal[]): Record<string, Refusal> => Object.fromEntries(list.map((r) => [r.criterionCode, r]));

const without = (marks: Record<string, Refusal>, entries: Array<{ leaf: Leaf }>) =>
  Object.fromEntries(Object.entries(marks).filter(([code]) => !entries.some((e) => e.leaf.code === code)));

function draftOf(l: Leaf): { points: string; comment: string } {
  const saved = savedOf(l);
  return { points: saved.points === null ? '' : formatNumber(saved.points, 3), comment: saved.comment };
}

/** The typed row differs from what is saved for the round being scored. */
function changed(d: { points: string; comment: string }, l: Leaf): boolean {
  const saved = savedOf(l);
  return (parseNumber(d.points) ?? null) !== saved.points || d.comment !== saved.comment;
}

function savedOf(l: Leaf): { points: number | null; comment: string } {
  return l.needsRound2
    ? { points: l.round2, comment: l.round2Comment ?? '' }
    : { points: l.round1, comment: l.round1Comment ?? '' };
}

export function useTask(id: number) {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const { hasRole, user } = useAuth();
  const task = useAsync(() => call(api.GET('/api/appraisal/tasks/{id}', { params: { path: { id } } })), [id]);
  const history = useAsync(
    () => call(api.GET('/api/inbox/tasks/{id}/history', { params: { path: { id } } })),
    [id, task.data],
  );
  const comments = useAsync(() => call(api.GET('/api/inbox/tasks/{id}/comments', { params: { path: { id } } })), [id]);
  const [draft, setDraft] = useState<Draft>({});
  /** Per criterion, why its last save was refused (shown in its row until it is edited or saved). */
  const [refused, setRefused] = useState<Record<string, Refusal>>({});
  const [saving, setSaving] = useState(false);
  /** Why the last release or reassignment was refused: stays on the page until the next action or dismissal. */
  const [refusal, setRefusal] = useState<string | null>(null);
  const data = task.data;
  const mine = !!data && !!user && data.assignee?.id === user.id;
  const shown = useRef<Task | undefined>(undefined);

  // The inputs start from what is saved for the round being scored. A reload (after any save) takes the saved
  // value of each row except one the person changed and that was not saved: what they typed stays.
  useEffect(() => {
    if (!data) {
      return;
    }
    const before = new Map((shown.current?.leaves ?? []).map((l) => [l.code, l]));
    shown.current = data;
    setDraft((prev) => {
      const next: Draft = {};
      for (const l of data.leaves) {
        const old = before.get(l.code);
        const typed = prev[l.code];
        next[l.code] = typed && old && changed(typed, old) ? typed : draftOf(l);
      }
      return next;
    });
  }, [data]);

  const dirty = useMemo(
    () =>
      (data?.leaves ?? []).filter((l) => {
        const d = draft[l.code];
        return d && d.points.trim() !== '' && changed(d, l);
      }),
    [data, draft],
  );

  const edit = (code: string, patch: Partial<{ points: string; comment: string }>) => {
    setDraft((d) => ({ ...d, [code]: { ...d[code], ...patch } }));
    setRefused(({ [code]: _, ...rest }) => rest);
  };

  /**
   * Save entries: the api keeps every valid one and names each refused one, which is marked in its row (the
   * typed value stays in the input). When none is valid the api refuses the batch with the same per-entry list.
   */
  const saveEntries = async (entries: Array<{ leaf: Leaf; points: string; comment: string }>) => {
    setSaving(true);
    try {
      const saved = await call(
        api.PUT('/api/appraisal/tasks/{id}/scores', {
          params: { path: { id } },
          body: {
            scores: entries.map((e) => ({
              code: e.leaf.code,
              points: e.points.trim(),
              round: roundOf(e.leaf),
              comment: e.comment || undefined,
            })),
          },
        }),
      );
      // Rows not in this save keep their marks; the rows sent are marked again only if refused again.
      setRefused((prev) => ({ ...without(prev, entries), ...byCode(saved.refused) }));
      const ok = entries.length - saved.refused.length;
      if (saved.refused.length === 0) {
        void message.success(t(`Đã lưu ${ok} điểm thẩm định.`, `${ok} appraised score(s) saved.`));
      } else {
        void message.warning(
          t(
            `Đã lưu ${ok} điểm; ${saved.refused.length} điểm chưa lưu — sửa ở các dòng được đánh dấu đỏ rồi lưu lại.`,
            `${ok} saved; ${saved.refused.length} not saved — correct the rows marked in red and save again.`,
          ),
        );
      }
      task.reload();
    } catch (e) {
      const problems =
        e instanceof ApiError ? (e.details as { problems?: Refusal[] } | undefined)?.problems : undefined;
      if (problems) {
        setRefused((prev) => ({ ...without(prev, entries), ...byCode(problems) }));
      }
      void message.error(
        problems
          ? t(
              'Chưa lưu điểm nào — sửa ở các dòng được đánh dấu đỏ rồi lưu lại.',
              'Nothing saved — correct the rows marked in red and save again.',
            )
          : errorText(e, lang),
      );
    } finally {
      setSaving(false);
    }
  };

  /** One write: success message and a fresh task, or the api's refusal in the reader's language. */
  const run = async (action: () => Promise<unknown>, done: string): Promise<boolean> => {
    setSaving(true);
    try {
      await action();
      void message.success(done);
      task.reload();
      return true;
    } catch (e) {
      void message.error(errorText(e, lang));
      return false;
    } finally {
      setSaving(false);
    }
  };

  /**
   * A change of hands (release, reassignment): on refusal the reason stays on the page (a toast is gone before it
   * is read) and the task is reloaded, so the page shows the state that refused it.
   */
  const handOver = async (action: () => Promise<unknown>, done: string): Promise<string | null> => {
    setSaving(true);
    setRefusal(null);
    try {
      await action();
      void message.success(done);
      return null;
    } catch (e) {
      const why = errorText(e, lang);
      setRefusal(why);
      return why;
    } finally {
      setSaving(false);
      task.reload();
    }
  };

  const actions = {
    /** Give the task back to the organisation's queue (the assignee, or a supervisor). */
    release: () =>
      handOver(
        () => call(api.POST('/api/inbox/tasks/{id}/unclaim', { params: { path: { id } } })),
        t('Đã trả lại nhiệm vụ: nhiệm vụ về mục "Chưa ai nhận".', 'Task released to the unclaimed queue.'),
      ),
    /** A supervisor gives the task to another appraiser of the organisation. */
    reassign: (userId: number, name: string) =>
      handOver(
        () => call(api.POST('/api/inbox/tasks/{id}/assign', { params: { path: { id } }, body: { userId } })),
        t(`Đã giao nhiệm vụ cho ${name}.`, `Task assigned to ${name}.`),
      ),
    dismissRefusal: () => setRefusal(null),
    /** The dates dialog saved: say so and show the task as it now stands. */
    datesSaved: () => {
      void message.success(t('Đã lưu hạn và ngày theo dõi.', 'Dates saved.'));
      task.reload();
    },
    claim: () =>
      run(
        () => call(api.POST('/api/inbox/tasks/{id}/claim', { params: { path: { id } } })),
        t('Đã nhận việc.', 'Task claimed.'),
      ),
    save: () => saveEntries(dirty.map((l) => ({ leaf: l, ...draft[l.code] }))),
    /** One action: take the self score or the rule's suggestion as the appraised score of a row, and save it. */
    accept: (leaf: Leaf, points: number) => {
      const text = formatNumber(points, 3);
      edit(leaf.code, { points: text });
      return saveEntries([{ leaf, points: text, comment: draft[leaf.code]?.comment ?? '' }]);
    },
    confirm: () =>
      run(
        () => call(api.POST('/api/appraisal/tasks/{id}/confirm', { params: { path: { id } }, body: {} })),
        t('Đã xác nhận.', 'Confirmed.'),
      ),
    complete: () =>
      run(
        () => call(api.POST('/api/appraisal/tasks/{id}/complete', { params: { path: { id } } })),
        t('Đã hoàn thành thẩm định.', 'Appraisal completed.'),
      ),
    askClarification: (v: ClarificationRequest) =>
      run(
        () =>
          call(
            api.POST('/api/appraisal/tasks/{id}/clarifications', {
              params: { path: { id } },
              body: {
                criterionCodes: v.criterionCodes,
                request: v.request,
                dueAt: `${v.due.add(1, 'day').format('YYYY-MM-DD')}T00:00:00+07:00`,
              },
            }),
          ),
        t('Đã gửi yêu cầu giải trình cho đơn vị.', 'Clarification request sent to the unit.'),
      ),
    comment: async (body: string): Promise<boolean> => {
      try {
        await call(api.POST('/api/inbox/tasks/{id}/comments', { params: { path: { id } }, body: { body } }));
        comments.reload();
        return true;
      } catch (e) {
        void message.error(errorText(e, lang));
        return false;
      }
    },
  };

  return {
    task,
    history,
    comments,
    draft,
    edit,
    dirty,
    refused,
    refusal,
    saving,
    actions,
    // What the api would accept now, so the page offers only actions that can succeed: scores and completion by
    // the assignee of a claimed or reviewed task, a clarification request by the assignee during review, a claim
    // by an appraiser while the task is open (until then the scores are read-only).
    editable: mine && (data.state === 'claimed' || data.state === 'inReview'),
    canAsk: mine && data.state === 'inReview',
    canClaim: !!data && data.state === 'open' && hasRole('appraiser', 'supervisor'),
    // Release: only a claimed task whose review has not started, by its holder or a supervisor.
    canRelease: !!data && data.state === 'claimed' && (mine || hasRole('supervisor')),
    canReassign: !!data && data.state !== 'completed' && hasRole('supervisor'),
    canConfirm:
      !!data &&
      data.conflictOfInterest &&
      !data.confirmed &&
      data.state !== 'completed' &&
      hasRole('appraiser', 'supervisor', 'admin'),
  };
}

export type TaskModel = ReturnType<typeof useTask>;

/**
 * The task page's data and actions: the task (leaves with their own evidence, clarifications), its comments and
 * history, the appraiser's unsaved scores, and every write the page makes (each reloads the task when it lands).
 */
import { App } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { api, call, type Schemas } from '../../api/client';
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

function savedOf(l: Leaf): { points: number | null; comment: string } {
  return l.needsRound2
    ? { points: l.round2, comment: l.round2Comment ?? '' }
    : { points: l.round1, comment: l.round1Comment ?? '' };
}

export function useTask(id: number) {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const { hasRole } = useAuth();
  const task = useAsync(() => call(api.GET('/api/appraisal/tasks/{id}', { params: { path: { id } } })), [id]);
  const history = useAsync(
    () => call(api.GET('/api/inbox/tasks/{id}/history', { params: { path: { id } } })),
    [id, task.data],
  );
  const comments = useAsync(() => call(api.GET('/api/inbox/tasks/{id}/comments', { params: { path: { id } } })), [id]);
  const [draft, setDraft] = useState<Draft>({});
  const [saving, setSaving] = useState(false);
  const data = task.data;

  // The inputs start from what is saved for the round being scored; a reload after a save resets them.
  useEffect(() => {
    if (!data) {
      return;
    }
    const next: Draft = {};
    for (const l of data.leaves) {
      const saved = savedOf(l);
      next[l.code] = { points: saved.points === null ? '' : formatNumber(saved.points, 3), comment: saved.comment };
    }
    setDraft(next);
  }, [data]);

  const dirty = useMemo(
    () =>
      (data?.leaves ?? []).filter((l) => {
        const d = draft[l.code];
        const saved = savedOf(l);
        return (
          d &&
          d.points.trim() !== '' &&
          (parseNumber(d.points) !== (saved.points ?? undefined) || d.comment !== saved.comment)
        );
      }),
    [data, draft],
  );

  const edit = (code: string, patch: Partial<{ points: string; comment: string }>) =>
    setDraft((d) => ({ ...d, [code]: { ...d[code], ...patch } }));

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

  const actions = {
    claim: () =>
      run(
        () => call(api.POST('/api/inbox/tasks/{id}/claim', { params: { path: { id } } })),
        t('Đã nhận việc.', 'Task claimed.'),
      ),
    save: () =>
      run(
        () =>
          call(
            api.PUT('/api/appraisal/tasks/{id}/scores', {
              params: { path: { id } },
              body: {
                scores: dirty.map((l) => ({
                  code: l.code,
                  points: draft[l.code].points.trim(),
                  round: roundOf(l),
                  comment: draft[l.code].comment || undefined,
                })),
              },
            }),
          ),
        t('Đã lưu điểm thẩm định.', 'Appraised scores saved.'),
      ),
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
    saving,
    actions,
    editable: !!data && data.state !== 'completed' && hasRole('appraiser', 'supervisor'),
  };
}

export type TaskModel = ReturnType<typeof useTask>;

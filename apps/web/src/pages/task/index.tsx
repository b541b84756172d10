/**
 * Appraiser: one task — each leaf of the content area with the unit's self score and explanation, its documents
 * with every signature (all from the task api: the page never reads or re-scores the whole sheet), the rule's
 * suggestion, the appraised score and comment (round 1, and round 2 after a clarification), clarification
 * requests, comments and the append-only history.
 */
import { Card, Space, Tabs } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { EvidenceViewer } from '../../components/evidence';
import { ErrorState, Loading } from '../../components/states';
import { useLang } from '../../lib/i18n';
import { ClarificationModal } from './clarification-modal';
import { ClarificationsTable } from './clarifications-table';
import { ScoreTable } from './score-table';
import { TaskComments, TaskHistory } from './task-discussion';
import { TaskHeader } from './task-header';
import { useTask, type TaskEvidence } from './use-task';

export default function TaskPage() {
  const id = Number(useParams().id);
  const { t } = useLang();
  const model = useTask(id);
  const [viewing, setViewing] = useState<TaskEvidence>();
  const [asking, setAsking] = useState(false);
  const { task } = model;
  const data = task.data;
  const navigate = useNavigate();
  const editable = model.editable;
  // Unsaved scores keep Esc from leaving: nothing typed is lost to a key press.
  const unsaved = model.dirty.length > 0;

  // Opening a task (or claiming it) puts the cursor in the first score, not six Tabs away.
  useEffect(() => {
    if (editable) {
      document.querySelector<HTMLInputElement>('input[data-score-input]:not(:disabled)')?.focus();
    }
  }, [id, editable]);

  // Esc goes back to the inbox (history back keeps its filters and position) unless a dialog or viewer is open.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented || asking || viewing || unsaved) {
        return;
      }
      if (document.querySelector('.ant-modal-wrap:not([style*="display: none"]), .ant-drawer-open')) {
        return;
      }
      if ((window.history.state as { idx?: number } | null)?.idx) {
        void navigate(-1);
      } else {
        void navigate('/inbox');
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [asking, viewing, unsaved, navigate]);

  if (task.loading && !data) {
    return <Loading rows={8} />;
  }
  if (task.error || !data) {
    return <ErrorState error={task.error} onRetry={task.reload} />;
  }
  const open = data.clarifications.filter((c) => c.status === 'open').length;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <TaskHeader data={data} model={model} onAsk={() => setAsking(true)} />
      <Card size="small">
        <Tabs
          items={[
            {
              key: 'scores',
              label: t('Chấm điểm', 'Scores'),
              children: <ScoreTable model={model} onOpen={setViewing} />,
            },
            {
              key: 'clarifications',
              label: `${t('Giải trình', 'Clarifications')} (${data.clarifications.length}${open ? `, ${open} ${t('đang chờ', 'open')}` : ''})`,
              children: <ClarificationsTable data={data} onOpen={setViewing} />,
            },
            { key: 'comments', label: t('Trao đổi', 'Comments'), children: <TaskComments model={model} /> },
            { key: 'history', label: t('Lịch sử', 'History'), children: <TaskHistory model={model} /> },
          ]}
        />
      </Card>
      <EvidenceViewer evidence={viewing} onClose={() => setViewing(undefined)} />
      <ClarificationModal data={data} model={model} open={asking} onClose={() => setAsking(false)} />
    </Space>
  );
}

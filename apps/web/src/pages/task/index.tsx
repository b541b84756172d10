/**
 * Appraiser: one task — each leaf of the content area with the unit's self score and explanation, its documents
 * with every signature (all from the task api: the page never reads or re-scores the whole sheet), the rule's
 * suggestion, the appraised score and comment (round 1, and round 2 after a clarification), clarification
 * requests, comments and the append-only history.
 */
import { Card, Space, Tabs } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
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

/**
 * Unit officer: the self-assessment sheet as a tree table — max points, rule inputs with the suggested points,
 * self score, evidence, explanation and status per leaf. Changes autosave (debounced) with a visible state; the
 * deadline counts down; submitting is a checked step (the server's list of what is missing, grouped).
 */
import { App, Card, ConfigProvider, Grid, Table } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, api, call } from '../../api/client';
import { useAuth } from '../../auth';
import { EvidenceUpload, EvidenceViewer } from '../../components/evidence';
import { EmptyState, ErrorState, errorText, Loading } from '../../components/states';
import { useCampaign } from '../../lib/campaign-context';
import { useLang } from '../../lib/i18n';
import { useAsync } from '../../lib/use-async';
import { compactSheetColumns, sheetColumns, TABLE_WIDTH } from './sheet-columns';
import { SheetCards } from './sheet-cards';
import { SheetHeader } from './sheet-header';
import { formatNumber } from '../../lib/format';
import {
  DECIDING_KINDS,
  editOf,
  goToRow,
  readPending,
  writePending,
  leaves,
  notReady,
  treeRows,
  useTicker,
  type Edit,
  type EvidenceRef,
  type SaveState,
  type Sheet,
  type SubmitProblem,
} from './sheet-model';
import { SubmitDialog } from './submit-dialog';

export default function SheetPage() {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const { current } = useCampaign();
  const { epoch } = useAuth();
  const sheets = useAsync(
    () => call(api.GET('/api/sheets', { params: { query: { campaignId: current?.id } } })),
    [current?.id],
  );
  const sheetId = sheets.data?.[0]?.id;
  const sheet = useAsync<Sheet | undefined>(
    () =>
      sheetId ? call(api.GET('/api/sheets/{id}', { params: { path: { id: sheetId } } })) : Promise.resolve(undefined),
    [sheetId],
  );
  const [edits, setEdits] = useState<Record<string, Edit>>({});
  // The edits as they are now, for a save that finishes later: what was typed while it was in flight stays unsaved.
  const latestEdits = useRef(edits);
  latestEdits.current = edits;
  const [dirty, setDirty] = useState<Set<string>>(new Set());
  const [save, setSave] = useState<SaveState>({ kind: 'idle' });
  const [uploadFor, setUploadFor] = useState<string[]>();
  const [viewing, setViewing] = useState<EvidenceRef>();
  const [submitting, setSubmitting] = useState(false);
  const [checked, setChecked] = useState<SubmitProblem[]>();
  const timer = useRef<number | undefined>(undefined);
  const loadedAt = useRef(Date.now());
  const now = useTicker(30_000);
  // The eight-column table needs 1070 px: from 1200 px. Below, at 1024 beside the side menu (some 740 px left) and
  // on a tablet, a six-column table that fits (compactSheetColumns: 5–6 criteria in sight, where one card each
  // showed one); below 768 px, a phone, one card per criterion.
  const screens = Grid.useBreakpoint();
  const narrow = screens.xl === false;
  const cards = screens.md === false;
  const [summaryHeight, setSummaryHeight] = useState(0);
  const observer = useRef<ResizeObserver | undefined>(undefined);
  // The table's column titles stick under the sticky summary, whose height changes with the save state and width.
  const summaryRef = useCallback((el: HTMLDivElement | null) => {
    observer.current?.disconnect();
    if (el) {
      observer.current = new ResizeObserver(() => setSummaryHeight(el.offsetHeight));
      observer.current.observe(el);
    }
  }, []);

  const data = sheet.data;
  const reloadSheet = sheet.reload;
  useEffect(() => {
    if (data) {
      loadedAt.current = Date.now();
      // Keep what the person is still typing — on screen, or kept in this browser from a session that ended or a
      // tab that closed before the server confirmed it; take the server's values for everything else.
      const kept = readPending(data.id);
      const restored = Object.keys(kept).filter((code) => !dirty.has(code));
      // Choosing is scoring: saved inputs of a deciding rule with no score yet take the rule's points.
      const scoredByRule: Record<string, Edit> = {};
      for (const l of leaves(data.nodes)) {
        if (
          data.editable &&
          !dirty.has(l.code) &&
          !kept[l.code] &&
          DECIDING_KINDS.has(l.rule?.kind ?? '') &&
          l.inputs &&
          (l.selfPoints === null || l.selfPoints === undefined) &&
          typeof l.suggested?.points === 'number'
        ) {
          scoredByRule[l.code] = { ...editOf(l), selfPoints: formatNumber(l.suggested.points, 3) };
        }
      }
      setEdits((prev) => {
        const next: Record<string, Edit> = {};
        for (const l of leaves(data.nodes)) {
          next[l.code] =
            dirty.has(l.code) && prev[l.code] ? prev[l.code] : (kept[l.code] ?? scoredByRule[l.code] ?? editOf(l));
        }
        return next;
      });
      const pending = data.editable ? [...restored, ...Object.keys(scoredByRule)] : [];
      if (pending.length > 0) {
        setDirty((d) => new Set([...d, ...pending]));
      }
    }
  }, [data]);

  // Every unsaved edit is kept in the browser until the server confirms it.
  useEffect(() => {
    if (sheetId) {
      writePending(sheetId, Object.fromEntries([...dirty].filter((c) => edits[c]).map((c) => [c, edits[c]])));
    }
  }, [dirty, edits, sheetId]);

  const leafList = useMemo(() => (data ? leaves(data.nodes) : []), [data]);
  const leafOptions = useMemo(
    () => leafList.map((l) => ({ value: l.code, label: `${l.code} ${l.title}` })),
    [leafList],
  );

  const flush = useCallback(async () => {
    if (!sheetId || dirty.size === 0) {
      return;
    }
    const byCode = new Map(leafList.map((l) => [l.code, l]));
    const codes = [...dirty].filter((code) => byCode.has(code) && !notReady(byCode.get(code)!, edits[code], lang));
    if (codes.length === 0) {
      setSave((s) => (s.kind === 'saved' ? s : { kind: 'idle' }));
      return;
    }
    const sent = codes.map((code) => ({ code, edit: edits[code] }));
    setSave({ kind: 'saving' });
    try {
      await call(
        api.PUT('/api/sheets/{id}/entries', {
          params: { path: { id: sheetId } },
          body: {
            entries: sent.map(({ code, edit }) => ({
              code,
              selfPoints: edit.selfPoints.trim() === '' ? null : edit.selfPoints.trim(),
              inputs: edit.inputs ?? undefined,
              explanation: edit.explanation.trim() === '' ? null : edit.explanation,
            })),
          } as never,
        }),
      );
      setDirty((d) => {
        const next = new Set(d);
        // Only what was sent unchanged is clean now; later keystrokes stay dirty. (Compared with the edits of now:
        // `edits` here is the state the save started from, always equal to what it sent.)
        for (const { code, edit } of sent) {
          if (latestEdits.current[code] === edit) {
            next.delete(code);
          }
        }
        return next;
      });
      setSave({ kind: 'saved', at: new Date() });
      reloadSheet();
    } catch (e) {
      setSave({ kind: 'error', error: e });
    }
  }, [dirty, edits, lang, leafList, reloadSheet, sheetId]);

  // Signed in again after the session ended: send what is still pending.
  useEffect(() => {
    if (epoch > 0) {
      void flush();
    }
  }, [epoch]);

  // Autosave 1.2 s after the last change.
  useEffect(() => {
    const byCode = new Map(leafList.map((l) => [l.code, l]));
    const ready = [...dirty].some((code) => byCode.has(code) && !notReady(byCode.get(code)!, edits[code], lang));
    if (!ready) {
      return undefined;
    }
    setSave((s) => (s.kind === 'saving' || s.kind === 'pending' ? s : { kind: 'pending' }));
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => void flush(), 1200);
    return () => window.clearTimeout(timer.current);
  }, [dirty, edits, flush, lang, leafList]);

  // Warn before leaving with unsaved changes.
  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (dirty.size > 0) {
        e.preventDefault();
      }
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);

  const change = useCallback((code: string, patch: Partial<Edit>) => {
    setEdits((e) => ({ ...e, [code]: { ...e[code], ...patch } }));
    setDirty((d) => new Set(d).add(code));
  }, []);

  if (sheets.loading && !sheets.data) {
    return <Loading rows={10} />;
  }
  if (sheets.error) {
    return <ErrorState error={sheets.error} onRetry={sheets.reload} />;
  }
  if (!sheetId) {
    return (
      <Card>
        <EmptyState
          title={t(
            'Đơn vị của bạn chưa có biểu tự chấm điểm trong đợt đánh giá này. Biểu sẽ xuất hiện khi Văn phòng thường trực mở đợt.',
            'Your unit has no score sheet in this campaign yet. It appears when the secretariat opens the campaign.',
          )}
        />
      </Card>
    );
  }
  if (sheet.loading && !data) {
    return <Loading rows={10} />;
  }
  if (sheet.error || !data) {
    return <ErrorState error={sheet.error} onRetry={sheet.reload} />;
  }

  const secondsLeft = Math.max(0, data.deadline.secondsLeft - Math.floor((now - loadedAt.current) / 1000));
  // The leaves the unit scores itself: not the survey's (filled from survey data), not those marked not applicable.
  const ownLeaves = leafList.filter((l) => l.rule?.kind !== 'survey' && !l.notApplicable);
  const scored = ownLeaves.filter((l) => l.selfPoints !== null && l.selfPoints !== undefined).length;
  const waitingCount = leafList.filter(
    (l) => dirty.has(l.code) && edits[l.code] && notReady(l, edits[l.code], lang),
  ).length;

  // Save what is typed first, then ask the server's check on what is stored (the list a refusal would carry).
  const openSubmit = async () => {
    setSubmitting(true);
    try {
      await flush();
      const fresh = await call(api.GET('/api/sheets/{id}', { params: { path: { id: sheetId } } }));
      reloadSheet();
      setChecked(fresh.submitProblems);
    } catch (e) {
      void message.error(errorText(e, lang));
    } finally {
      setSubmitting(false);
    }
  };
  const submit = async () => {
    setSubmitting(true);
    try {
      await call(api.POST('/api/sheets/{id}/submit', { params: { path: { id: sheetId } } }));
      setChecked(undefined);
      void message.success(t('Đã nộp biểu tự chấm điểm.', 'Score sheet submitted.'));
      sheet.reload();
      sheets.reload();
    } catch (e) {
      const listed = (e instanceof ApiError ? (e.details as { problems?: SubmitProblem[] } | undefined) : undefined)
        ?.problems;
      if (listed) {
        // Something changed since the dialog opened: show the server's list, keep the dialog open.
        setChecked(listed);
      }
      void message.error(errorText(e, lang));
    } finally {
      setSubmitting(false);
    }
  };

  const columnContext = {
    sheet: data,
    edits,
    dirty,
    lang,
    t,
    change,
    onUpload: setUploadFor,
    onView: setViewing,
  };
  const columns = sheetColumns(columnContext);
  const compactColumns = compactSheetColumns(columnContext);

  return (
    // A plain column, not antd's Space: Space wraps each child in its own box, and a sticky summary inside a box of
    // its own height would not stick.
    <div style={{ display: 'flex', flexDirection: 'column', gap: 8, width: '100%' }}>
      <SheetHeader
        data={data}
        scored={scored}
        leafCount={ownLeaves.length}
        waitingCount={waitingCount}
        save={save}
        secondsLeft={secondsLeft}
        submitting={submitting}
        onRetry={() => void flush()}
        onUpload={() => setUploadFor([])}
        onSubmit={() => void openSubmit()}
        // Below 1200 px the summary and the details wrap too: on one line they were 1143 px wide at 1024.
        narrow={narrow}
        phone={cards}
        summaryRef={summaryRef}
      />
      {cards ? (
        <SheetCards rows={treeRows(data.nodes)} columns={columns} t={t} />
      ) : (
        // Rows 4 px from their lines instead of 8: a data-entry table read row by row, and 8+ criteria in sight.
        <ConfigProvider theme={{ components: { Table: { cellPaddingBlockSM: 4 } } }}>
          <Card size="small" styles={{ body: { padding: 0 } }}>
            {/* No vertical scroller of its own: the page is the one scroll area, the column titles stick. */}
            <Table
              rowKey="code"
              size="small"
              pagination={false}
              dataSource={treeRows(data.nodes)}
              columns={narrow ? compactColumns : columns}
              expandable={{ defaultExpandAllRows: true, indentSize: narrow ? 8 : 12 }}
              // Fixed layout in the compact table: its columns keep their widths and the criterion takes the rest,
              // whatever a long title or option label asks for.
              tableLayout={narrow ? 'fixed' : undefined}
              scroll={narrow ? undefined : { x: TABLE_WIDTH }}
              sticky={{ offsetHeader: summaryHeight }}
            />
          </Card>
        </ConfigProvider>
      )}
      <SubmitDialog
        sheet={data}
        problems={checked ?? []}
        leafList={leafList}
        open={checked !== undefined}
        submitting={submitting}
        onGoTo={(code) => {
          setChecked(undefined);
          window.setTimeout(() => goToRow(code), 0);
        }}
        onCancel={() => setChecked(undefined)}
        onSubmit={() => void submit()}
      />
      <EvidenceUpload
        sheetId={data.id}
        open={uploadFor !== undefined}
        codes={uploadFor ?? []}
        leafOptions={leafOptions}
        onClose={() => setUploadFor(undefined)}
        onUploaded={sheet.reload}
      />
      <EvidenceViewer evidence={viewing} onClose={() => setViewing(undefined)} />
    </div>
  );
}

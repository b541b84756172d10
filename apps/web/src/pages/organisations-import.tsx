/**
 * Import of the organisations sheet (.xlsx): choose a file → dry run (every row that would be written and every
 * problem with its row) → "Nhập", which writes all rows or nothing. The same upload idiom as the criteria import.
 */
import { CheckCircleOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Grid, Progress, Space, Table, Tag, Typography, Upload } from 'antd';
import { type Schemas } from '../api/client';
import { ImportSteps, useImportUpload } from '../components/import-upload';
import { errorText } from '../components/states';
import { useLang } from '../lib/i18n';

type Result = Schemas['OrganisationImportResultDto'];
type Row = Schemas['OrganisationImportRowDto'];
type Problem = Schemas['OrganisationImportProblemDto'];

const COLUMN_TITLES: Record<NonNullable<Problem['column']>, string> = {
  code: 'Mã',
  name: 'Tên',
  shortName: 'Tên ngắn',
  aliases: 'Tên khác',
  group: 'Loại/Nhóm',
  predecessors: 'Đơn vị tiền thân',
};

/** Problems of a refused import (the api's 422 `details.problems`). */
function problemsOf(error: unknown): Problem[] {
  const list = (error as { details?: { problems?: Problem[] } } | undefined)?.details?.problems;
  return Array.isArray(list) ? list : [];
}

export function OrganisationsImport({ onImported }: { onImported: () => void }) {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const narrow = Grid.useBreakpoint().md === false;
  const upload = useImportUpload<Result>();
  const { file, progress, result, error, importing } = upload;
  const url = (dryRun: boolean) => `/api/admin/organisations/import?dryRun=${dryRun}`;

  const confirm = () =>
    upload.confirm(
      url(false),
      (done) => {
        void message.success(
          t(
            `Đã nhập: ${done.created} đơn vị mới, ${done.updated} đơn vị cập nhật.`,
            `Imported: ${done.created} new, ${done.updated} updated.`,
          ),
        );
        onImported();
      },
      (e) => {
        // A refusal lists its rows in place of the preview's; the preview stays for reference.
        const problems = problemsOf(e);
        if (problems.length && result) {
          upload.setResult({ ...result, ok: false, problems });
        }
      },
    );

  const problems = result?.problems ?? [];
  /** A group as the sheet named it (the key is never shown). */
  const groupOf = (key: string) => result?.groupNames?.[key] ?? key;
  const step = !result ? 0 : result.dryRun ? 1 : 2;

  return (
    <Card
      size="small"
      data-testid="organisation-import"
      title={t('Nhập từ tệp Excel (.xlsx)', 'Import from Excel (.xlsx)')}
      styles={narrow ? { body: { padding: 12 } } : undefined}
    >
      <ImportSteps current={step} style={{ marginBottom: 12 }} />
      <Space wrap style={{ marginBottom: 8 }}>
        <Upload accept=".xlsx" showUploadList={false} beforeUpload={(f) => (void upload.preview(f, url(true)), false)}>
          <Button icon={<UploadOutlined />} loading={progress !== undefined && !importing}>
            {t('Chọn tệp và xem trước', 'Choose a file and preview')}
          </Button>
        </Upload>
        {result?.dryRun ? (
          <Button
            type="primary"
            disabled={!result.ok}
            loading={importing}
            onClick={() => void confirm()}
            data-testid="organisation-import-confirm"
          >
            {t('Nhập', 'Import')}
          </Button>
        ) : null}
        {result && !result.dryRun ? (
          <Tag icon={<CheckCircleOutlined />} color="success">
            {t(`Đã nhập ${result.rows.length} dòng`, `${result.rows.length} rows imported`)}
          </Tag>
        ) : null}
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t(
          'Các cột: Mã | Tên | Tên ngắn | Tên khác (cách nhau bằng ";") | Loại/Nhóm (tên nhóm đơn vị, hoặc "Cơ quan thẩm định") | Đơn vị tiền thân (mã, cách nhau bằng ";"). Mã đã có được cập nhật. Chạy thử không lưu gì; có lỗi thì không lưu dòng nào.',
          'Columns: Mã | Tên | Tên ngắn | Tên khác | Loại/Nhóm | Đơn vị tiền thân. Stored codes are updated. A dry run saves nothing; with a problem nothing is saved.',
        )}
      </Typography.Paragraph>
      {progress !== undefined ? <Progress percent={progress} size="small" style={{ maxWidth: 400 }} /> : null}
      {error ? <Alert type="error" showIcon style={{ marginBottom: 8 }} title={errorText(error, lang)} /> : null}
      {result ? (
        <Space orientation="vertical" size={8} style={{ width: '100%' }}>
          <Typography.Text data-testid="organisation-import-summary">
            {file?.name}:{' '}
            {t(
              `${result.rows.length} dòng hợp lệ (${result.created} mới, ${result.updated} cập nhật), ${problems.length} dòng lỗi`,
              `${result.rows.length} valid rows (${result.created} new, ${result.updated} updated), ${problems.length} problems`,
            )}
          </Typography.Text>
          {problems.length ? (
            <Table<Problem>
              data-testid="organisation-import-problems"
              size="small"
              rowKey={(p) => `${p.row}-${p.code}-${p.column ?? ''}`}
              pagination={false}
              dataSource={problems}
              title={() => (
                <Typography.Text type="danger" strong>
                  {t('Các dòng cần sửa trong tệp rồi chọn lại tệp:', 'Rows to fix in the file, then choose it again:')}
                </Typography.Text>
              )}
              columns={[
                { title: t('Dòng', 'Row'), dataIndex: 'row', width: 64 },
                ...(narrow
                  ? []
                  : [
                      {
                        title: t('Cột', 'Column'),
                        dataIndex: 'column',
                        width: 130,
                        render: (c: Problem['column']) => (c ? COLUMN_TITLES[c] : ''),
                      },
                    ]),
                {
                  title: t('Lỗi', 'Problem'),
                  key: 'message',
                  render: (_: unknown, p: Problem) => (lang === 'vi' ? p.messageVi : p.message),
                },
              ]}
            />
          ) : null}
          <Table<Row>
            data-testid="organisation-import-rows"
            size="small"
            rowKey="row"
            dataSource={result.rows}
            pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true, size: 'small' }}
            columns={[
              { title: t('Dòng', 'Row'), dataIndex: 'row', width: 60 },
              { title: t('Mã', 'Code'), dataIndex: 'code', width: narrow ? 90 : 130 },
              {
                title: t('Tên', 'Name'),
                key: 'name',
                render: (_: unknown, r: Row) => (
                  <span style={{ wordBreak: 'break-word' }}>
                    {r.name}
                    {narrow && r.unitGroup ? <Tag style={{ marginLeft: 4 }}>{groupOf(r.unitGroup)}</Tag> : null}
                  </span>
                ),
              },
              ...(narrow
                ? []
                : [
                    {
                      title: t('Loại/Nhóm', 'Kind/group'),
                      key: 'group',
                      width: 150,
                      render: (_: unknown, r: Row) =>
                        r.unitGroup ? (
                          <Tag color="blue">{groupOf(r.unitGroup)}</Tag>
                        ) : (
                          t('Cơ quan thẩm định', 'Appraiser')
                        ),
                    },
                    {
                      title: t('Tiền thân', 'Predecessors'),
                      key: 'predecessors',
                      width: 170,
                      render: (_: unknown, r: Row) => r.predecessors.join(', '),
                    },
                    {
                      title: '',
                      key: 'action',
                      width: 100,
                      render: (_: unknown, r: Row) =>
                        r.action === 'create' ? (
                          <Tag color="green">{t('Thêm mới', 'New')}</Tag>
                        ) : (
                          <Tag>{t('Cập nhật', 'Update')}</Tag>
                        ),
                    },
                  ]),
            ]}
          />
        </Space>
      ) : null}
    </Card>
  );
}

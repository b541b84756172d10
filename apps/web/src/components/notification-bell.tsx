/**
 * The bell in the header: unread in-app notifications (reminders, clarification requests) with a badge; opening
 * one marks it read and goes to its screen (links are absolute for mail, so only their path is used here). A
 * notification whose screen was opened another way — its mail's link — is marked read too.
 */
import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, List, Popover, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { api, call } from '../api/client';
import { formatDateTime } from '../lib/format';
import { useLang } from '../lib/i18n';
import { useAsync } from '../lib/use-async';

export function NotificationBell() {
  const { t } = useLang();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const list = useAsync(() => call(api.GET('/api/notifications', { params: { query: {} } })), [], { pollMs: 30_000 });
  const items = (list.data ?? []).slice(0, 20);
  const unread = (list.data ?? []).filter((n) => !n.readAt).length;

  // Every screen opened in this tab (path + query as first opened: pages may tidy the query afterwards).
  const location = useLocation();
  const visited = useRef(new Set<string>());
  visited.current.add(`${location.pathname}${location.search}`);
  const reloadList = list.reload;
  useEffect(() => {
    const opened = (list.data ?? []).filter((n) => {
      if (n.readAt || !n.link) {
        return false;
      }
      const url = new URL(n.link, window.location.origin);
      return visited.current.has(`${url.pathname}${url.search}`);
    });
    if (opened.length > 0) {
      void Promise.all(
        opened.map((n) =>
          call(api.POST('/api/notifications/{id}/read', { params: { path: { id: n.id } } })).catch(() => undefined),
        ),
      ).then(reloadList);
    }
  }, [list.data, location, reloadList]);

  const openOne = async (id: number, link: string | null | undefined) => {
    setOpen(false);
    await call(api.POST('/api/notifications/{id}/read', { params: { path: { id } } })).catch(() => undefined);
    list.reload();
    if (link) {
      const url = new URL(link, window.location.origin);
      void navigate(`${url.pathname}${url.search}`);
    }
  };

  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      placement="bottomRight"
      title={t('Thông báo', 'Notifications')}
      content={
        items.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('Chưa có thông báo.', 'No notifications.')} />
        ) : (
          <List
            data-testid="notification-list"
            style={{ width: 'min(360px, calc(100vw - 32px))', maxHeight: 420, overflow: 'auto' }}
            size="small"
            dataSource={items}
            renderItem={(n) => (
              <List.Item
                style={{ cursor: 'pointer', background: n.readAt ? undefined : '#f0f5ff' }}
                onClick={() => void openOne(n.id, n.link)}
              >
                <List.Item.Meta
                  title={<Typography.Text strong={!n.readAt}>{n.title}</Typography.Text>}
                  description={
                    <>
                      <Typography.Paragraph ellipsis={{ rows: 3 }} style={{ marginBottom: 0 }}>
                        {n.body}
                      </Typography.Paragraph>
                      <span style={{ fontSize: 12 }}>{formatDateTime(n.createdAt)}</span>
                    </>
                  }
                />
              </List.Item>
            )}
          />
        )
      }
    >
      <Badge count={unread} size="small" offset={[-4, 4]}>
        <Button
          size="small"
          icon={<BellOutlined />}
          aria-label={t(`Thông báo, ${unread} chưa đọc`, `Notifications, ${unread} unread`)}
          data-testid="notification-bell"
        />
      </Badge>
    </Popover>
  );
}

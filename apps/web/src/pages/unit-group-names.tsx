/**
 * "Nhóm đơn vị" on the organisations page: the authority names its unit groups once (PUT /api/admin/unit-groups), so
 * every screen shows "Xã, phường và đặc khu" instead of the key its units carry. A group not yet named is shown by
 * its units, never by its key; a refused save keeps the name typed.
 */
import { Alert, App, Button, Card, Input, List, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { api, call, type Schemas } from '../api/client';
import { errorText } from '../components/states';
import { label, UNIT_GROUP_LABELS, useLang } from '../lib/i18n';

type UnitGroup = Schemas['UnitGroupView'];

/** The group's name: the authority's, else the national name for agency/commune; undefined when nobody named it. */
const givenName = (g: UnitGroup | undefined): string | undefined => g?.name ?? undefined;

/**
 * A group key → the name the authority gave it (else the national name, else "Nhóm chưa đặt tên" — never the key,
 * a slug nobody reads), and a few unit names per group (how a group without a name is recognised). `groupTitle`
 * adds the first units to an unnamed group's fallback, so two unnamed groups in a list can be told apart.
 */
export function useUnitGroupLabels(
  organisations: Schemas['OrganisationDto'][],
  groups: UnitGroup[] | undefined,
): {
  groupName: (key: string) => string;
  groupTitle: (key: string) => string;
  unitNames: Map<string, string[]>;
} {
  const { t, lang } = useLang();
  const unitNames = useMemo(() => {
    const m = new Map<string, string[]>();
    for (const o of organisations) {
      if (o.unitGroup && (m.get(o.unitGroup)?.length ?? 0) < 2) {
        m.set(o.unitGroup, [...(m.get(o.unitGroup) ?? []), o.shortName || o.name]);
      }
    }
    return m;
  }, [organisations]);
  const groupName = (key: string) =>
    givenName(groups?.find((g) => g.key === key)) ??
    (UNIT_GROUP_LABELS[key] ? label(UNIT_GROUP_LABELS, key, lang) : t('Nhóm chưa đặt tên', 'Unnamed group'));
  const groupTitle = (key: string) => {
    const units = unitNames.get(key) ?? [];
    return givenName(groups?.find((g) => g.key === key)) || UNIT_GROUP_LABELS[key] || units.length === 0
      ? groupName(key)
      : `${groupName(key)} (${units.join('; ')}…)`;
  };
  return { groupName, groupTitle, unitNames };
}

export function UnitGroupNames({
  groups,
  unitNames,
  onSaved,
}: {
  groups: UnitGroup[];
  /** A few unit names per group key: how a group without a name is recognised. */
  unitNames: Map<string, string[]>;
  onSaved: () => void;
}) {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  /** What was typed per group key; kept after a refused save, compared with the stored name after a good one. */
  const [typed, setTyped] = useState<Record<string, string>>({});
  /** The name last saved per group key: the button stays disabled from the save until the list has reloaded. */
  const [saved, setSaved] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<{ key: string; error: unknown }>();

  const save = async (g: UnitGroup) => {
    const name = (typed[g.key] ?? g.name ?? '').trim();
    setBusy(g.key);
    setError(undefined);
    try {
      await call(api.PUT('/api/admin/unit-groups', { body: { key: g.key, name } }));
      setSaved((was) => ({ ...was, [g.key]: name }));
      void message.success(t(`Đã đặt tên nhóm "${name}".`, `Group named "${name}".`));
      onSaved();
    } catch (e) {
      setError({ key: g.key, error: e });
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <Card
      size="small"
      title={
        <Typography.Title level={2} style={{ margin: 0, fontSize: 16 }}>
          {t('Nhóm đơn vị', 'Unit groups')}
        </Typography.Title>
      }
      data-testid="unit-group-names"
    >
      <List
        dataSource={groups}
        renderItem={(g) => {
          const given = givenName(g);
          const value = typed[g.key] ?? (g.named ? g.name : '');
          // Enabled only by a name that differs from the stored one: after a save it is disabled until changed.
          const unchanged = !value.trim() || (g.named && value.trim() === g.name) || value.trim() === saved[g.key];
          return (
            <List.Item key={g.key} data-testid={`unit-group-${g.key}`}>
              <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {g.named ? '' : t('Chưa đặt tên — ', 'Not named yet — ')}
                  {t(`${g.units} đơn vị`, `${g.units} units`)}
                  {(unitNames.get(g.key) ?? []).length ? `: ${(unitNames.get(g.key) ?? []).join('; ')}…` : ''}
                </Typography.Text>
                <Space.Compact style={{ width: '100%', maxWidth: 560 }}>
                  <Input
                    aria-label={t(`Tên nhóm ${g.named ? g.name : ''}`.trim(), 'Group name')}
                    value={value}
                    placeholder={
                      given ??
                      t('Nhóm chưa đặt tên — nhập tên, ví dụ: Xã, phường', 'Unnamed group — type a name, e.g. Communes')
                    }
                    onChange={(e) => setTyped({ ...typed, [g.key]: e.target.value })}
                  />
                  <Button type="primary" loading={busy === g.key} disabled={unchanged} onClick={() => void save(g)}>
                    {t('Lưu tên', 'Save')}
                  </Button>
                </Space.Compact>
                {error?.key === g.key ? <Alert type="error" showIcon title={errorText(error.error, lang)} /> : null}
              </Space>
            </List.Item>
          );
        }}
      />
    </Card>
  );
}

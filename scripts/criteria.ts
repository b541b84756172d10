/**
 * `npm run criteria -- check <file.yaml|file.xlsx> [--campaign <plan.yaml>]`
 *   Validates a criteria set (or a campaign plan), prints the tree with totals and every problem (xlsx rows,
 *   YAML lines). Exit code 1 when there is any error. With --campaign, content areas are resolved and
 *   routed against that plan. A campaign plan given to `check` also checks that every leaf of its
 *   groups' catalogs (looked up in config/data/catalogs) routes to an appraiser.
 * `npm run criteria -- export <file.yaml> <out.xlsx>`
 *   Writes the set in the Vietnamese sheet layout; `check` reads it back.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import {
  checkCatalogRouting,
  exportCriteriaXlsx,
  formatCriteriaTree,
  formatProblems,
  hasErrors,
  importCriteriaXlsx,
  loadCampaignPlan,
  loadCriteriaSetYaml,
  routingTable,
  type CampaignPlan,
  type CriteriaSet,
  type LoadResult,
} from '@lib/criteria';
import { configDataPath } from '@config';

function usage(): never {
  console.error(
    'Cách dùng / usage:\n  npm run criteria -- check <file.yaml|file.xlsx> [--campaign <plan.yaml>]\n  npm run criteria -- export <file.yaml> <out.xlsx>',
  );
  process.exit(2);
}

function loadPlan(path: string): CampaignPlan {
  const res = loadCampaignPlan(readFileSync(path, 'utf8'));
  if (!res.ok) {
    console.error(`Kế hoạch ${path} có lỗi:\n${formatProblems(res.problems)}`);
    process.exit(1);
  }
  return res.value;
}

async function loadSet(file: string, plan?: CampaignPlan): Promise<LoadResult<CriteriaSet>> {
  if (/\.xlsx$/i.test(file)) {
    return importCriteriaXlsx(readFileSync(file), {
      key: basename(file, extname(file)),
      ...(plan ? { routing: { contentAreas: plan.contentAreas, organisations: plan.organisations } } : {}),
    });
  }
  return loadCriteriaSetYaml(readFileSync(file, 'utf8'), plan ? { routing: routingTable(plan) } : {});
}

async function check(file: string, planPath?: string): Promise<number> {
  const text = /\.ya?ml$/i.test(file) ? readFileSync(file, 'utf8') : '';
  if (/^kind:\s*campaignPlan/m.test(text)) {
    const plan = loadPlan(file);
    console.log(
      `${plan.title}\n${plan.organisations.length} tổ chức · ${plan.unitGroups.length} nhóm · ${plan.contentAreas.length} nội dung thẩm định`,
    );
    for (const p of plan.phases) {
      console.log(`  ${p.key.padEnd(15)} hạn ${p.deadline} (UTC ${p.deadlineUtc})`);
    }
    const sets: CriteriaSet[] = [];
    let failed = false;
    for (const g of plan.unitGroups) {
      const path = configDataPath('catalogs', `${g.catalog}.yaml`);
      if (!existsSync(path)) {
        console.log(`  nhóm ${g.key}: không tìm thấy ${path}`);
        failed = true;
        continue;
      }
      const res = loadCriteriaSetYaml(readFileSync(path, 'utf8'), { routing: routingTable(plan) });
      console.log(
        `  nhóm ${g.key}: ${g.catalog} ${res.ok ? 'hợp lệ' : 'CÓ LỖI'} · ${plan.organisations.filter((o) => o.unitGroup === g.key).length} đơn vị`,
      );
      if (res.ok) {
        sets.push(res.value);
      } else {
        console.log(formatProblems(res.problems));
        failed = true;
      }
    }
    const routing = checkCatalogRouting(plan, sets);
    if (routing.length) {
      console.log(formatProblems(routing));
    } else {
      console.log('Mọi tiêu chí lá đều có cơ quan thẩm định.');
    }
    return failed || hasErrors(routing) ? 1 : 0;
  }
  const plan = planPath ? loadPlan(planPath) : undefined;
  const res = await loadSet(file, plan);
  if (res.ok) {
    console.log(formatCriteriaTree(res.value));
  }
  if (res.problems.length) {
    console.log(`\n${res.problems.length} vấn đề / problems:\n${formatProblems(res.problems)}`);
  }
  console.log(
    res.ok ? '\nHợp lệ / valid.' : '\nKhông nhập được: sửa các lỗi trên / not imported: fix the errors above.',
  );
  return res.ok ? 0 : 1;
}

async function main(): Promise<number> {
  const [cmd, ...rest] = process.argv.slice(2);
  const flagAt = rest.indexOf('--campaign');
  const planPath = flagAt >= 0 ? rest[flagAt + 1] : undefined;
  const args = flagAt >= 0 ? rest.filter((_, i) => i !== flagAt && i !== flagAt + 1) : rest;
  if (cmd === 'check' && args.length === 1) {
    return check(args[0], planPath);
  }
  if (cmd === 'export' && args.length === 2) {
    const plan = planPath ? loadPlan(planPath) : undefined;
    const res = await loadSet(args[0], plan);
    if (!res.ok) {
      console.error(formatProblems(res.problems));
      return 1;
    }
    writeFileSync(args[1], await exportCriteriaXlsx(res.value));
    console.log(`Đã ghi ${join(args[1])}`);
    return 0;
  }
  return usage();
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);

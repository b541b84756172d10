import { readFileSync, existsSync } from 'node:fs';
import { configDataPath } from '@config';
import {
  loadCampaignPlan,
  loadCriteriaSetYaml,
  type CampaignPlan,
  type CriteriaSet,
  type Problem,
} from '@lib/criteria';
import { AppError } from '@lib/common';

const PLAN_KEY = /^[a-z0-9][a-z0-9-]{0,63}$/;

function problemsError(what: string, problems: Problem[]): AppError {
  return new AppError(
    'invalid',
    'INVALID_CONFIG_DATA',
    `Tệp cấu hình ${what} không hợp lệ: ${problems.map((p) => p.messageVi).join('; ')}`,
    `The ${what} configuration file is not valid: ${problems.map((p) => p.message).join('; ')}`,
    { problems },
  );
}

export const planNotFound = (key: string) =>
  new AppError(
    'notFound',
    'PLAN_NOT_FOUND',
    `Không có kế hoạch "${key}" trong config/data/campaigns.`,
    `There is no plan "${key}" in config/data/campaigns.`,
  );

/** A campaign plan from config/data/campaigns/<key>.yaml, validated. */
export function readCampaignPlan(key: string): CampaignPlan {
  const path = configDataPath('campaigns', `${key}.yaml`);
  if (!PLAN_KEY.test(key) || !existsSync(path)) {
    throw planNotFound(key);
  }
  const result = loadCampaignPlan(readFileSync(path, 'utf8'));
  if (!result.ok) {
    throw problemsError(`kế hoạch ${key} / plan ${key}`, result.problems);
  }
  return result.value;
}

/** A criteria set from config/data/catalogs/<key>.yaml, validated. */
export function readCatalog(key: string): CriteriaSet {
  const path = configDataPath('catalogs', `${key}.yaml`);
  if (!PLAN_KEY.test(key) || !existsSync(path)) {
    throw new AppError(
      'notFound',
      'CATALOG_NOT_FOUND',
      `Không có bộ tiêu chí "${key}".`,
      `There is no criteria set "${key}".`,
    );
  }
  const result = loadCriteriaSetYaml(readFileSync(path, 'utf8'));
  if (!result.ok) {
    throw problemsError(`bộ tiêu chí ${key} / criteria set ${key}`, result.problems);
  }
  return result.value;
}

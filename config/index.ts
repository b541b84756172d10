export { ConfigError, parseEnv, type RawEnv } from './env';
export {
  buildConfig,
  clearConfigCache,
  loadConfig,
  processEnv,
  type AppConfig,
  type EvidenceStorageConfig,
} from './app-config';
export { testConfig, testEnv, testNamespace, testWorkerId } from './testing';
export { configDataPath, repoRoot, tsRunnerArgs } from './paths';

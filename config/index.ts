export { ConfigError, parseEnv, type RawEnv } from './env';
export { buildConfig, clearConfigCache, loadConfig, processEnv, type AppConfig } from './app-config';
export { testConfig, testEnv, testNamespace, testWorkerId } from './testing';
export { configDataPath, repoRoot } from './paths';

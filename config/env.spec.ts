import { ConfigError, loadConfig } from '@config';

describe('loadConfig', () => {
  it('should apply the documented defaults', () => {
    const config = loadConfig({});
    expect(config.http.port).toBe(3000);
    expect(config.database).toMatchObject({ host: '127.0.0.1', port: 3306, user: 'root', name: 'par_index' });
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
    expect(config.timezone).toBe('Asia/Ho_Chi_Minh');
    expect(config.uploads.maxBytes).toBe(20 * 1024 * 1024);
  });

  it.each([
    ['PORT', 'http', /PORT must be a TCP port number between 1 and 65535 \(got "http"\)/],
    ['PORT', '70000', /PORT must be a TCP port number/],
    ['DATABASE_URL', 'postgres://x@y/z', /DATABASE_URL must be a URL such as mysql:/],
    ['REDIS_URL', 'localhost', /REDIS_URL must be a URL such as redis:/],
    ['APP_TIMEZONE', 'Mars/Olympus', /APP_TIMEZONE must be an IANA time zone/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of fatal, error/],
    ['UPLOAD_MAX_BYTES', 'big', /UPLOAD_MAX_BYTES must be a size in bytes/],
    ['TRUST_PROXY', 'true', /TRUST_PROXY must be a number of proxy hops, or addresses/],
    ['TRUST_PROXY', '10.0.0.0/33', /TRUST_PROXY must be a number of proxy hops/],
  ])('should stop with one sentence naming %s when it is %s', (variable, value, message) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [variable]: value })).toThrow(message);
  });

  it('should trust no proxy by default, and the hops or addresses TRUST_PROXY names', () => {
    expect(loadConfig({}).http.trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).http.trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,2001:db8::1' }).http.trustProxy).toEqual([
      'loopback',
      '10.0.0.0/8',
      '2001:db8::1',
    ]);
  });

  it('should keep evidence in the local folder by default, and stop at start when s3 lacks a bucket or keys', () => {
    expect(loadConfig({}).uploads.storage).toEqual({ kind: 'local' });
    const s3 = {
      EVIDENCE_STORAGE: 's3',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
      S3_BUCKET: 'par-evidence',
      S3_REGION: 'us-east-1',
      S3_ACCESS_KEY_ID: 'key',
      S3_SECRET_ACCESS_KEY: 'secret',
      S3_FORCE_PATH_STYLE: 'true',
    };
    expect(loadConfig(s3).uploads.storage).toEqual({
      kind: 's3',
      endpoint: 'http://127.0.0.1:9000',
      bucket: 'par-evidence',
      region: 'us-east-1',
      accessKeyId: 'key',
      secretAccessKey: 'secret',
      forcePathStyle: true,
    });
    expect(() => loadConfig({ ...s3, S3_BUCKET: '' })).toThrow(
      /S3_BUCKET must be set when EVIDENCE_STORAGE is s3 \(it is not set\)/,
    );
    expect(() => loadConfig({ ...s3, S3_SECRET_ACCESS_KEY: undefined })).toThrow(/S3_SECRET_ACCESS_KEY must be set/);
    expect(() => loadConfig({ EVIDENCE_STORAGE: 'ftp' })).toThrow(/EVIDENCE_STORAGE must be local or s3/);
  });

  it('should not echo secrets of an invalid URL', () => {
    expect(() => loadConfig({ SMTP_URL: 'smtp-password-in-here' })).toThrow(/SMTP_URL must be .*\(got "…"\)/);
  });

  it('should read the database name, user and password from DATABASE_URL', () => {
    const config = loadConfig({ DATABASE_URL: 'mysql://app:s%40cret@db.local:3307/cchc' });
    expect(config.database).toMatchObject({
      host: 'db.local',
      port: 3307,
      user: 'app',
      password: 's@cret',
      name: 'cchc',
    });
  });
});

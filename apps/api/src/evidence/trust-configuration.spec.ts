import { certificateHashes, trustFingerprint } from './trust-configuration';

const cert = (body: string) =>
  `-----BEGIN CERTIFICATE-----\n${Buffer.from(body).toString('base64')}\n-----END CERTIFICATE-----\n`;

describe('trust configuration fingerprint', () => {
  const online = { offline: false };

  it('should depend on the set of certificates, not on their order or on how they are bundled', () => {
    const a = cert('root A');
    const b = cert('root B');
    expect(trustFingerprint({ anchors: [a, b], intermediates: [], revocation: online })).toBe(
      trustFingerprint({ anchors: [`${b}${a}`], intermediates: [], revocation: online }),
    );
    expect(certificateHashes([a, b])).toHaveLength(2);
  });

  it('should change with an anchor added, one moved to the intermediates, or the revocation mode', () => {
    const a = cert('root A');
    const base = trustFingerprint({ anchors: [a], intermediates: [], revocation: online });
    expect(
      new Set([
        base,
        trustFingerprint({ anchors: [], intermediates: [], revocation: online }),
        trustFingerprint({ anchors: [a, cert('root B')], intermediates: [], revocation: online }),
        trustFingerprint({ anchors: [], intermediates: [a], revocation: online }),
        trustFingerprint({ anchors: [a], intermediates: [], revocation: { offline: true } }),
      ]).size,
    ).toBe(5);
  });
});

/**
 * The trust configuration a verdict is computed under, and its fingerprint (issue 18 item 6): a stored verdict is
 * keyed by (file sha256, verifier version, trust fingerprint); under another key it is stale. Pure: the provider
 * (pdf-inspector.provider.ts) reads the folders, this only names what it read.
 */
import { createHash } from 'node:crypto';

export interface TrustConfiguration {
  /** PEM texts of the configured roots (TRUST_ANCHORS_DIR). */
  anchors: string[];
  /** PEM texts of the configured intermediates (INTERMEDIATES_DIR): path building only. */
  intermediates: string[];
  revocation: { offline: boolean; timeoutMs: number };
  /** sha256 (hex) of the sorted certificate hashes of both lists and the revocation mode. */
  fingerprint: string;
}

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/**
 * The sha256 of each certificate's DER in a list of PEM texts (a bundle counts each certificate; a file that holds
 * none counts its text, so changing it still changes the fingerprint). Sorted: the order of files on disk and of
 * certificates in a bundle does not matter, only the set.
 */
export function certificateHashes(pems: readonly string[]): string[] {
  return pems
    .flatMap((text) => {
      const blocks = [...text.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)];
      return blocks.length === 0
        ? [sha256(text)]
        : blocks.map((b) => sha256(Buffer.from(b[1].replace(/\s+/g, ''), 'base64')));
    })
    .sort();
}

/**
 * The fingerprint: anchors and intermediates kept apart (moving a certificate from one folder to the other changes
 * what is trusted) and the revocation mode (offline verdicts are at best indeterminate). The timeout is not part of
 * it: it changes how long a check waits, not what a verdict means.
 */
export function trustFingerprint(config: {
  anchors: readonly string[];
  intermediates: readonly string[];
  revocation: { offline: boolean };
}): string {
  return sha256(
    JSON.stringify({
      anchors: certificateHashes(config.anchors),
      intermediates: certificateHashes(config.intermediates),
      revocation: config.revocation.offline ? 'offline' : 'online',
    }),
  );
}

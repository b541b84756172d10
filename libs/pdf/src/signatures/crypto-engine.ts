import { webcrypto } from 'node:crypto';
import * as pkijs from 'pkijs';

/** pkijs on Node's WebCrypto: one engine for every check (CMS, paths, CRL, OCSP, timestamps). */
export const cryptoEngine = new pkijs.CryptoEngine({ name: 'node-webcrypto', crypto: webcrypto });

/**
 * Organisation or person (issue 18 item 5): NĐ 68/2024 issues separate certificates to agencies ("chứng thư số
 * của cơ quan, tổ chức") and to individuals, and a criterion may require the agency's signature. The signer is
 * classified from its certificate alone, first rule that answers wins:
 *
 * 1. Certificate policy OIDs that name the subject's kind. ETSI EN 319 411-2 §5.3 (the PAdES family TT 15/2025
 *    points to): QCP-n / QCP-n-qscd are issued to natural persons, QCP-l / QCP-l-qscd to legal persons. No
 *    Vietnamese CA publishes a kind-specific policy OID we could verify, so {@link POLICY_KINDS} holds only
 *    these; a Vietnamese CA's OID is added there once its CPS is at hand.
 * 2. A personal identifier in the subject: UID (0.9.2342.19200300.100.1.1) "CMND:", "CCCD:" or "HC:" (identity
 *    card, citizen card, passport — the profile Vietnamese public CAs (VNPT, Viettel, FPT, …) write), or the
 *    ETSI EN 319 412-1 §5.1.3 natural-person serialNumber prefixes "PAS", "IDC", "PNO", or givenName/surname.
 *    A person's certificate often names the employer too (UID=MST of the company, O=…): the personal
 *    identifier wins, the signature is still the person's.
 * 3. An organisation identifier and no personal one: UID "MST:" (tax code), "MNS:" (budget-unit code of a state
 *    agency), "QĐ:"/"QD:" (founding decision), "GP:" (licence), or organizationIdentifier (2.5.4.97).
 * 4. The names: a CN that is the O or an OU (the agency signs under its own name — the Ban Cơ yếu profile for
 *    agencies), or no CN with an O, is an organisation; a CN that differs from O/OU is a person's name.
 */
import * as pkijs from 'pkijs';

export type SignerKind = 'organisation' | 'person';

/** Which rule decided (the order above), for the validation report. */
export type SignerKindBasis = 'policy' | 'personalIdentifier' | 'organisationIdentifier' | 'names';

export interface SignerClassification {
  kind: SignerKind;
  basis: SignerKindBasis;
}

/** Certificate policy OID → the kind of subject it is issued to (ETSI EN 319 411-2 §5.3). */
export const POLICY_KINDS: Readonly<Record<string, SignerKind>> = {
  '0.4.0.194112.1.0': 'person', // QCP-n
  '0.4.0.194112.1.2': 'person', // QCP-n-qscd
  '0.4.0.194112.1.1': 'organisation', // QCP-l
  '0.4.0.194112.1.3': 'organisation', // QCP-l-qscd
};

const OID = {
  certificatePolicies: '2.5.29.32',
  uid: '0.9.2342.19200300.100.1.1',
  serialNumber: '2.5.4.5',
  givenName: '2.5.4.42',
  surname: '2.5.4.4',
  organizationIdentifier: '2.5.4.97',
  commonName: '2.5.4.3',
  organisation: '2.5.4.10',
  organisationalUnit: '2.5.4.11',
} as const;

const PERSONAL_UID = /^\s*(CMND|CCCD|HC)\s*:/i;
const ORGANISATION_UID = /^\s*(MST|MNS|QĐ|QD|GP)\s*:/i;
const PERSONAL_SERIAL = /^(PAS|IDC|PNO)[A-Z]{2}-/;

export function classifySigner(cert: pkijs.Certificate): SignerClassification {
  const policyKinds = new Set(policyOids(cert).flatMap((oid) => (POLICY_KINDS[oid] ? [POLICY_KINDS[oid]] : [])));
  if (policyKinds.size === 1) {
    return { kind: [...policyKinds][0], basis: 'policy' };
  }
  const values = (oid: string): string[] =>
    cert.subject.typesAndValues.filter((tv) => tv.type === oid).flatMap((tv) => text(tv.value) ?? []);
  const uids = values(OID.uid);
  if (
    uids.some((v) => PERSONAL_UID.test(v)) ||
    values(OID.serialNumber).some((v) => PERSONAL_SERIAL.test(v)) ||
    values(OID.givenName).length > 0 ||
    values(OID.surname).length > 0
  ) {
    return { kind: 'person', basis: 'personalIdentifier' };
  }
  if (uids.some((v) => ORGANISATION_UID.test(v)) || values(OID.organizationIdentifier).length > 0) {
    return { kind: 'organisation', basis: 'organisationIdentifier' };
  }
  const cn = values(OID.commonName).map(normalise);
  const units = [...values(OID.organisation), ...values(OID.organisationalUnit)].map(normalise);
  const organisation = cn.length === 0 ? units.length > 0 : cn.some((name) => units.includes(name));
  return { kind: organisation ? 'organisation' : 'person', basis: 'names' };
}

function policyOids(cert: pkijs.Certificate): string[] {
  const parsed: unknown = cert.extensions?.find((e) => e.extnID === OID.certificatePolicies)?.parsedValue;
  return parsed instanceof pkijs.CertificatePolicies ? parsed.certificatePolicies.map((p) => p.policyIdentifier) : [];
}

/** Case and spacing do not make another name ("UBND  Phường X" is "ubnd phường x"). */
function normalise(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('vi');
}

function text(value: unknown): string | null {
  if (value && typeof value === 'object' && 'valueBlock' in value) {
    const block = (value as { valueBlock: { value?: unknown } }).valueBlock;
    return typeof block.value === 'string' ? block.value : null;
  }
  return null;
}

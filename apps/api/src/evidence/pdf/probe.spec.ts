import * as pkijs from 'pkijs';
import * as asn1js from 'asn1js';
it('loads', () => {
  expect(typeof pkijs.SignedData).toBe('function');
  expect(typeof asn1js.fromBER).toBe('function');
});

// Encodes a TC string with the IAB's own library, against a small vendor list made here (no network).
import { GVL, TCModel, TCString } from '@iabtechlabtcf/core';
const purpose = (id) => ({ id, name: 'Purpose ' + id, description: '', illustrations: [] });
const vendor = (id, name) => ({
  id, name, purposes: [1, 3, 4], legIntPurposes: [2, 7], flexiblePurposes: [], specialPurposes: [],
  features: [], specialFeatures: [1], cookieMaxAgeSeconds: 0, usesCookies: true, usesNonCookieAccess: false,
  urls: [{ langId: 'en', privacy: 'https://example.org/privacy' }],
});
const purposes = {};
for (let i = 1; i <= 11; i++) purposes[i] = purpose(i);
const gvl = new GVL({
  gvlSpecificationVersion: 3, vendorListVersion: 150, tcfPolicyVersion: 5, lastUpdated: '2026-11-26T16:00:00Z',
  purposes, specialPurposes: {}, features: {}, specialFeatures: { 1: purpose(1), 2: purpose(2) },
  vendors: { 25: vendor(25, 'Vendor A'), 755: vendor(755, 'Vendor B'), 1000: vendor(1000, 'Vendor C') },
  stacks: {}, dataCategories: {},
});
const m = new TCModel(gvl);
m.cmpId = 300; m.cmpVersion = 2; m.publisherCountryCode = 'NL'; m.consentLanguage = 'NL';
m.isServiceSpecific = true;
m.purposeConsents.set([1, 3, 4]);
m.vendorConsents.set([25, 755]);
m.purposeLegitimateInterests.set([2, 7]);
m.vendorLegitimateInterests.set([25]);
m.specialFeatureOptins.set(1);
console.log(TCString.encode(m));

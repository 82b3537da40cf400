export { regionLevel, parentCode, isWithin, districtCodeFromDigits, type RegionLevel } from './codes.ts';
export { createRegions, loadRegions, type Region, type RegionData, type Regions } from './regions.ts';
export { validateNik, type NikOptions, type ParsedNik, type IdentityResult, type Sex } from './nik.ts';
export { validateKk, type KkOptions, type ParsedKk } from './kk.ts';
export { identityMessages, message, type IdentityIssue, type IdentityIssueCode, type Language } from './messages.ts';

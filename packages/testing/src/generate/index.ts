export { generateHouseholds, DEFAULT_TODAY, type GenerateHouseholdsOptions } from './households.ts';
export { Random, hashString } from './random.ts';
export { LOMBOK_TENGAH_VILLAGES } from './places.ts';
export type {
  Address,
  Disability,
  Education,
  GeneratedHousehold,
  GeneratedMember,
  GeoPoint,
  Housing,
  IncomeBand,
  MaritalStatus,
  Occupation,
  Programme,
  Relationship,
  Sex,
} from './types.ts';

import { z } from 'zod';
import {
  CookingFuel,
  Disability,
  DrinkingWater,
  Education,
  FloorType,
  IncomeBand,
  Lighting,
  MaritalStatus,
  Occupation,
  Ownership,
  Programme,
  Relationship,
  RoofType,
  Sex,
  Toilet,
  WallType,
} from './enums.ts';
import { CalendarDate, KkNumber, Nik, PersonName, Phone, RtRw, ShortText, Timestamp, VillageCode } from './fields.ts';

export const Address = z
  .object({
    street: z.string().trim().min(1).max(200),
    rt: RtRw,
    rw: RtRw,
    dusun: ShortText.optional(),
  })
  .strict();
export type Address = z.infer<typeof Address>;

/** A GPS point of the house (Indonesia's bounding box). */
export const Location = z
  .object({
    lat: z
      .number()
      .min(-11.5, { error: 'location.outside_indonesia' })
      .max(6.5, { error: 'location.outside_indonesia' }),
    lon: z
      .number()
      .min(94, { error: 'location.outside_indonesia' })
      .max(141.5, { error: 'location.outside_indonesia' }),
    accuracyM: z.number().min(0).max(10_000),
    capturedAt: Timestamp,
  })
  .strict();
export type Location = z.infer<typeof Location>;

/** The 14 poverty criteria of the BPS instrument, plus the monthly income band. */
export const Housing = z
  .object({
    floorAreaPerPersonM2: z.number().positive().max(1000),
    floorType: FloorType,
    wallType: WallType,
    roofType: RoofType,
    ownership: Ownership,
    drinkingWater: DrinkingWater,
    lighting: Lighting,
    cookingFuel: CookingFuel,
    toilet: Toilet,
    mealsPerDay: z.number().int().min(0).max(10),
    /** Eats meat, fish, milk or chicken at least once a week. */
    eatsProteinWeekly: z.boolean(),
    /** Buys at least one new set of clothes a year. */
    buysClothingYearly: z.boolean(),
    canPayTreatment: z.boolean(),
    hasAssetsOver500k: z.boolean(),
    incomeBand: IncomeBand,
  })
  .strict();
export type Housing = z.infer<typeof Housing>;

export const Member = z
  .object({
    nik: Nik,
    name: PersonName,
    relationship: Relationship,
    sex: Sex,
    birthDate: CalendarDate,
    birthPlace: ShortText,
    maritalStatus: MaritalStatus,
    education: Education,
    occupation: Occupation,
    disability: Disability,
    motherName: PersonName.optional(),
  })
  .strict();
export type Member = z.infer<typeof Member>;

/** Programmes requested, each at most once. */
export const Programmes = z
  .array(Programme)
  .max(3)
  .refine((list) => new Set(list).size === list.length, { error: 'programmes.duplicate' });

/** The data of one household as a proposal states it. */
export const HouseholdData = z
  .object({
    regionCode: VillageCode,
    address: Address,
    location: Location.optional(),
    phone: Phone.optional(),
    kkNumber: KkNumber.optional(),
    /** Optional at intake: village-meeting lists often lack it; field validation fills it. */
    housing: Housing.optional(),
    members: z.array(Member).min(1).max(30),
    programmes: Programmes,
  })
  .strict();
export type HouseholdData = z.infer<typeof HouseholdData>;

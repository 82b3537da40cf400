/**
 * How much personal data a role sees of households in its scope: the one policy of every
 * service (`@siks/service-kit/access`, docs/security.md), under the registry's older names.
 */
export { disclosureOf as accessLevel, type Disclosure as AccessLevel } from '@siks/service-kit/access';

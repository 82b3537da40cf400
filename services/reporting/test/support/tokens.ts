import { generateSigningKeys, mintToken, type UserRole } from '@siks/service-kit';

/** Signs test tokens and says who they are for. */
export async function tokenMaker() {
  const keys = await generateSigningKeys();
  const token = (role: UserRole, region: string, sub = `${role}-${region || 'id'}`) =>
    mintToken(keys.privateKey, { sub, role, region, name: 'Test User' }, { expiresIn: '1h' });
  return { publicKey: keys.publicKey, token };
}

import { randomBytes } from 'node:crypto';

/** A fresh nonce for one page's Content-Security-Policy: 144 random bits in base64. */
export const makeNonce = (): string => randomBytes(18).toString('base64');

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Channel secrets at rest: AES-256-GCM with the key of ATOZ_ALERTS_KEY (32 bytes, base64 or hex), a random
 * 12-byte IV per value; stored as base64(iv | tag | ciphertext). The channel's id is the associated data, so a
 * sealed value copied onto another channel does not open.
 */
export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  /** The key from its text (base64 or 64 hex digits); throws when it is not 32 bytes. */
  static fromText(text: string): SecretBox {
    const trimmed = text.trim();
    const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
    if (key.length !== 32) throw new Error('ATOZ_ALERTS_KEY must be 32 bytes, as base64 (openssl rand -base64 32) or 64 hex digits');
    return new SecretBox(key);
  }

  seal(plain: string, associated: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(associated, 'utf8'));
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64');
  }

  open(sealed: string, associated: string): string {
    const bytes = Buffer.from(sealed, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, 12));
    decipher.setAAD(Buffer.from(associated, 'utf8'));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
  }
}

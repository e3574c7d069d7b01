/** SHA-256 of a bearer token as lower-case hex: what the store keeps instead of the token (Web Crypto, any runtime). */
export async function sha256Hex(token: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token)));
  let hex = '';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

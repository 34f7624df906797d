/**
 * File names and paths are byte strings in Linux. The VFS keeps them as JS strings of one char per byte (0-255,
 * "latin1"), so that any name, valid UTF-8 or not, survives a round trip through the guest unchanged.
 */

export function bytesToName(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 8192) text += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return text;
}

export function nameToBytes(name: string): Uint8Array {
  const bytes = new Uint8Array(name.length);
  for (let i = 0; i < name.length; i++) bytes[i] = name.charCodeAt(i);
  return bytes;
}

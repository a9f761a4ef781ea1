const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
const IDS_PER_DRAW = 4096;

/**
 * UUIDv7 ids in the same layout as seedwork's newId (48-bit millisecond time, version 7, variant
 * 10, random rest), drawing randomness for thousands of ids at once: newId's draw per id costs
 * about 8 µs, two ids per imported lead (lead and event), seconds on a million-row file.
 */
export function uuidV7Ids(): () => string {
  const random = new Uint8Array(IDS_PER_DRAW * 10);
  let next = IDS_PER_DRAW;
  return () => {
    if (next === IDS_PER_DRAW) {
      globalThis.crypto.getRandomValues(random);
      next = 0;
    }
    const r = next++ * 10;
    const ms = Date.now();
    const time = ms.toString(16).padStart(12, '0');
    const hex = (i: number) => HEX[random[r + i]!]!;
    return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${HEX[random[r]! & 0x0f]!.slice(1)}${hex(1)}-${HEX[(random[r + 2]! & 0x3f) | 0x80]}${hex(3)}-${hex(4)}${hex(5)}${hex(6)}${hex(7)}${hex(8)}${hex(9)}`;
  };
}

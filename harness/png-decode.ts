// Test helper: the pixels of an 8-bit RGB or RGBA PNG (what headless Chromium's screenshots
// are), enough to ask "is this colour on the page", without an npm package for it.
import { inflateSync } from 'node:zlib';

export interface Pixels { width: number; height: number; channels: number; data: Uint8Array }

export function decodePng(png: Uint8Array): Pixels {
  const b = Buffer.from(png);
  if (b.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let off = 8, width = 0, height = 0, channels = 0;
  const idat: Buffer[] = [];
  while (off < b.length) {
    const len = b.readUInt32BE(off), type = b.toString('latin1', off + 4, off + 8), body = b.subarray(off + 8, off + 8 + len);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0); height = body.readUInt32BE(4);
      const depth = body[8], colour = body[9];
      if (depth !== 8 || (colour !== 2 && colour !== 6) || body[12] !== 0) throw new Error(`unsupported PNG (depth ${depth}, colour type ${colour}, interlace ${body[12]})`);
      channels = colour === 2 ? 3 : 4;
    } else if (type === 'IDAT') idat.push(body);
    off += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels, data = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)], src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? data[y * stride + x - channels] : 0;
      const up = y > 0 ? data[(y - 1) * stride + x] : 0;
      const ul = y > 0 && x >= channels ? data[(y - 1) * stride + x - channels] : 0;
      let v = src[x];
      if (filter === 1) v += a;
      else if (filter === 2) v += up;
      else if (filter === 3) v += (a + up) >> 1;
      else if (filter === 4) {
        const p = a + up - ul, pa = Math.abs(p - a), pb = Math.abs(p - up), pc = Math.abs(p - ul);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? up : ul;
      }
      data[y * stride + x] = v & 0xff;
    }
  }
  return { width, height, channels, data };
}

/** How many pixels are within `tolerance` of the colour on every channel. */
export function countColour(p: Pixels, [r, g, b]: [number, number, number], tolerance = 8): number {
  let n = 0;
  for (let i = 0; i < p.data.length; i += p.channels) {
    if (Math.abs(p.data[i] - r) <= tolerance && Math.abs(p.data[i + 1] - g) <= tolerance && Math.abs(p.data[i + 2] - b) <= tolerance) n++;
  }
  return n;
}

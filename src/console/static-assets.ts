import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

export interface StaticAsset {
  body: Buffer;
  contentType: string;
}

/**
 * Every file of the built console, read once at start and keyed by its URL path: a request can
 * name only a file that is in the map, so no path a client sends reaches the file system.
 */
export function loadStaticAssets(dir: string): Map<string, StaticAsset> {
  const assets = new Map<string, StaticAsset>();
  const visit = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = join(current, entry.name);
      if (entry.isDirectory()) visit(full);
      else assets.set(relative(dir, full).split(sep).join('/'), { body: readFileSync(full), contentType: CONTENT_TYPES[extname(entry.name)] ?? 'application/octet-stream' });
    }
  };
  visit(dir);
  return assets;
}

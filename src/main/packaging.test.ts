import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appRoot } from './paths';

// js-yaml (electron-builder's own YAML reader) ships without types: only its load() is used here.
const { load } = createRequire(import.meta.url)('js-yaml') as { load: (text: string) => unknown };

describe('packaging of the FFI', () => {
  const root = appRoot();
  const builder = load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as { asarUnpack?: string[]; files?: string[] };
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };

  it('koffi is a runtime dependency, so electron-builder packs it into the app', () => {
    expect(pkg.dependencies?.koffi).toMatch(/^\^?3\./);
    expect(pkg.devDependencies?.koffi).toBeUndefined();
  });

  it('koffi and its per-platform native packages (@koromix/*) are unpacked from the asar, where a .node file cannot be loaded', () => {
    const unpacked = builder.asarUnpack ?? [];
    expect(unpacked).toContain('node_modules/koffi/**');
    expect(unpacked).toContain('node_modules/@koromix/**');
    // Nothing in `files` may exclude them again.
    for (const pattern of builder.files ?? []) expect(pattern, pattern).not.toMatch(/^!.*(koffi|@koromix)/);
  });

  it("this platform's native package is an @koromix/* package with a .node file, which the unpack pattern covers", () => {
    const dir = join(root, 'node_modules', '@koromix', `koffi-${process.platform}-${process.arch}`);
    const files = readdirSync(dir, { recursive: true }).map(String);
    expect(files.some((f) => f.endsWith('.node'))).toBe(true);
  });
});

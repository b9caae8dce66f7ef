import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..', '..')

/** The `key: value` lines of one top-level block of electron-builder.yml (flat blocks only). */
function topLevelBlock(yaml: string, name: string): Map<string, string> {
  const lines = yaml.split(/\r?\n/)
  const starts = lines.flatMap((line, index) => (line.trimEnd() === `${name}:` ? [index] : []))
  expect(starts, `one top-level ${name}: block`).toHaveLength(1)
  const entries = new Map<string, string>()
  for (const line of lines.slice(starts[0]! + 1)) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue
    const match = /^\s+([A-Za-z]+):\s*(\S+)\s*(#.*)?$/.exec(line)
    if (match === null) break
    entries.set(match[1]!, match[2]!)
  }
  return entries
}

describe('the packaged app (electron-builder.yml)', () => {
  const fuses = topLevelBlock(readFileSync(join(root, 'electron-builder.yml'), 'utf8'), 'electronFuses')

  it.each([
    ['runAsNode', 'false'],
    ['enableNodeOptionsEnvironmentVariable', 'false'],
    ['enableNodeCliInspectArguments', 'false'],
    ['enableEmbeddedAsarIntegrityValidation', 'true'],
    ['onlyLoadAppFromAsar', 'true'],
    ['grantFileProtocolExtraPrivileges', 'false'],
    ['enableCookieEncryption', 'true'],
  ])('flips the %s fuse to %s', (fuse, value) => {
    expect(fuses.get(fuse)).toBe(value)
  })

  it('names only fuses electron-builder knows (a misspelt one would fail only at packaging time)', () => {
    const scheme = JSON.parse(readFileSync(join(root, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8')) as {
      definitions: { FuseOptionsV1: { properties: Record<string, unknown> } }
    }
    const known = Object.keys(scheme.definitions.FuseOptionsV1.properties)
    expect([...fuses.keys()].filter((fuse) => !known.includes(fuse))).toEqual([])
  })
})

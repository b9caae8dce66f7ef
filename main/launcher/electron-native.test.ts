import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isSourceFile, rebuildEnv, sqliteBindingPlan } from './electron-native'

describe('sqliteBindingPlan', () => {
  it('keeps one build per better-sqlite3 and Electron version, platform and arch, under node_modules/.cache', () => {
    const plan = sqliteBindingPlan({ root: '/p', sqliteVersion: '12.6.2', electronVersion: '45.5.0', platform: 'linux', arch: 'x64' })
    const key = 'better-sqlite3-12.6.2-electron-45.5.0-linux-x64'
    expect(plan.buildDir).toBe(join('/p', 'node_modules', '.cache', 'electron-native', key))
    expect(plan.bindingFile).toBe(join(plan.buildDir, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'))
    // The log sits outside the build folder, which a failed build deletes.
    expect(plan.logFile).toBe(join('/p', 'node_modules', '.cache', 'electron-native', `${key}.log`))
  })
})

describe('isSourceFile', () => {
  it("copies better-sqlite3's sources but not its Node-ABI build", () => {
    const pkg = join('/p', 'node_modules', 'better-sqlite3')
    expect(isSourceFile(pkg, pkg)).toBe(true)
    expect(isSourceFile(pkg, join(pkg, 'deps', 'sqlite3', 'sqlite3.c'))).toBe(true)
    expect(isSourceFile(pkg, join(pkg, 'binding.gyp'))).toBe(true)
    expect(isSourceFile(pkg, join(pkg, 'build'))).toBe(false)
    expect(isSourceFile(pkg, join(pkg, 'build', 'Release', 'better_sqlite3.node'))).toBe(false)
  })
})

describe('rebuildEnv', () => {
  it("drops npm settings that would aim node-gyp at Node's headers, keeps the rest", () => {
    const env = rebuildEnv({ PATH: '/bin', npm_config_nodedir: '/usr', NPM_CONFIG_TARGET: '20.0.0', npm_config_cache: '/c' })
    expect(env).toEqual({ PATH: '/bin', npm_config_cache: '/c' })
  })
})

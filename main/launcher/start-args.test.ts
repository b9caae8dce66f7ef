import { describe, expect, it } from 'vitest'
import { electronArgs, parseHostArgs, parsePort, parseStartArgs, startUsage } from './start-args'

const run = (argv: string[]) => {
  const parsed = parseStartArgs(argv)
  if (parsed.kind !== 'run') throw new Error(`expected run, got ${JSON.stringify(parsed)}`)
  return parsed.options
}
const error = (argv: string[]) => {
  const parsed = parseStartArgs(argv)
  if (parsed.kind !== 'error') throw new Error(`expected an error, got ${JSON.stringify(parsed)}`)
  return parsed.message
}

describe('parseStartArgs', () => {
  it('opens the desktop window on a free port with the demo CommCell by default', () => {
    expect(run([])).toEqual({ browser: false, port: 0, dataDir: undefined, profile: 'demo', testClock: false, testClockAt: null, testThrottleBytesPerSecond: null, prepareOnly: false, keyFile: null })
  })

  it('reads --browser, --port and --data-dir in both spellings', () => {
    expect(run(['--browser', '--port', '8080', '--data-dir', '/srv/cc'])).toEqual({
      browser: true,
      port: 8080,
      dataDir: '/srv/cc',
      profile: 'demo',
      testClock: false,
      testClockAt: null,
      testThrottleBytesPerSecond: null,
      prepareOnly: false,
      keyFile: null,
    })
    expect(run(['--port=0', '--data-dir=relative/dir'])).toMatchObject({ port: 0, dataDir: 'relative/dir' })
  })

  it('takes --prepare-data-dir alone or with the data folder and seed options, never with what serves', () => {
    expect(run(['--prepare-data-dir', '--data-dir', '/srv/cc', '--empty'])).toMatchObject({ prepareOnly: true, dataDir: '/srv/cc', profile: 'empty' })
    for (const serving of [['--browser', '--test-clock'], ['--port', '8080'], ['--browser', '--test-throttle', '2']]) {
      expect(error(['--prepare-data-dir', ...serving])).toContain('--prepare-data-dir prepares the data folder and exits')
    }
    expect(error(['--prepare-data-dir=yes'])).toBe('--prepare-data-dir takes no value (got "--prepare-data-dir=yes").')
  })

  it('takes --test-clock in browser mode only', () => {
    expect(run(['--browser', '--test-clock'])).toMatchObject({ browser: true, testClock: true })
    expect(parseStartArgs(['--test-clock'])).toEqual({ kind: 'error', message: '--test-clock is for browser mode: add --browser.' })
    expect(parseStartArgs(['--test-throttle', '2'])).toEqual({ kind: 'error', message: '--test-throttle is for browser mode: add --browser.' })
    expect(run(['--browser', '--test-throttle', '2.5'])).toMatchObject({ testThrottleBytesPerSecond: 2_500_000 })
    expect(run(['--browser', '--key-file', '/etc/cv/passphrase'])).toMatchObject({ keyFile: '/etc/cv/passphrase' })
    for (const bad of ['0', '-1', 'fast']) {
      expect(parseStartArgs(['--browser', '--test-throttle', bad])).toMatchObject({ kind: 'error', message: expect.stringContaining('--test-throttle needs a rate') })
    }
  })

  it('takes --test-clock-at serving (on the test clock) or preparing, as an ISO 8601 time', () => {
    const at = Date.parse('2026-11-30T13:00:00')
    expect(run(['--browser', '--test-clock-at', '2026-11-30T13:00:00'])).toMatchObject({ testClock: true, testClockAt: at })
    expect(run(['--prepare-data-dir', '--test-clock-at=2026-11-30T13:00:00'])).toMatchObject({ prepareOnly: true, testClock: false, testClockAt: at })
    expect(error(['--test-clock-at', '2026-11-30T13:00:00'])).toBe('--test-clock-at is for browser mode or --prepare-data-dir: add one of them.')
    for (const bad of [['--test-clock-at'], ['--test-clock-at', 'tomorrow'], ['--test-clock-at', '2026-13-40T99:00']]) {
      expect(error(['--browser', ...bad])).toContain('--test-clock-at needs a date and time in ISO 8601')
    }
  })

  it('accepts the port range edges 0 and 65535', () => {
    expect(run(['--port', '0']).port).toBe(0)
    expect(run(['--port', '65535']).port).toBe(65535)
  })

  it.each([['65536'], ['-1'], ['abc'], ['80.5'], ['1e3'], ['0x50'], [''], [' 80']])('refuses --port %j', (value) => {
    expect(error(['--port', value])).toMatch(/^--port/)
  })

  it('refuses --port without a value, even when another option follows', () => {
    expect(error(['--port'])).toBe('--port needs a number from 0 to 65535.')
    expect(error(['--port', '--browser'])).toBe('--port needs a number from 0 to 65535.')
  })

  it('chooses the seed with --empty or --demo-upgraded, but not both', () => {
    expect(run(['--empty']).profile).toBe('empty')
    expect(run(['--demo-upgraded']).profile).toBe('upgraded')
    expect(run(['--empty', '--empty']).profile).toBe('empty')
    expect(error(['--empty', '--demo-upgraded'])).toBe('--empty and --demo-upgraded cannot be combined: choose one.')
  })

  it('names an unknown option or stray word in one line', () => {
    expect(error(['--brwoser'])).toBe('Unknown option: --brwoser')
    expect(error(['--port=1', '--verbose=yes'])).toBe('Unknown option: --verbose')
    expect(error(['browser'])).toBe('Unexpected argument: browser')
    for (const message of [error(['--x']), error(['--port', 'x'])]) expect(message).not.toContain('\n')
  })

  it('refuses a value on a flag and a missing data folder', () => {
    expect(error(['--browser=yes'])).toMatch(/--browser takes no value/)
    expect(error(['--data-dir'])).toBe('--data-dir needs a folder.')
    expect(error(['--data-dir='])).toBe('--data-dir needs a folder.')
  })

  it('answers help for --help and -h wherever they stand', () => {
    expect(parseStartArgs(['--help'])).toEqual({ kind: 'help' })
    expect(parseStartArgs(['--browser', '-h'])).toEqual({ kind: 'help' })
  })

  it('parsePort takes decimal whole numbers up to 65535 only', () => {
    expect(parsePort('443')).toBe(443)
    expect(parsePort('99999')).toBeUndefined()
    expect(parsePort('+80')).toBeUndefined()
  })
})

describe('startUsage', () => {
  it('lists every option and the default data folder', () => {
    const usage = startUsage('/home/ann/.config/CommCell Browser')
    for (const option of ['--browser', '--port N', '--data-dir DIR', '--empty', '--demo-upgraded', '--help']) {
      expect(usage).toContain(option)
    }
    expect(usage).toContain('/home/ann/.config/CommCell Browser')
  })
})

describe('electronArgs and parseHostArgs', () => {
  it('forward the data folder and the seed to Electron, which reads them back', () => {
    const args = electronArgs({ profile: 'upgraded' }, '/data/cc')
    expect(args).toEqual(['--data-dir', '/data/cc', '--demo-upgraded'])
    expect(parseHostArgs(args)).toEqual({ dataDir: '/data/cc', profile: 'upgraded' })
    expect(electronArgs({ profile: 'demo' }, undefined)).toEqual([])
    expect(electronArgs({ profile: 'empty' }, undefined)).toEqual(['--empty'])
  })

  it('ignore Chromium and Playwright switches around them', () => {
    const argv = ['--inspect=0', '--remote-debugging-port=0', '/app/dist/main/electron-main.cjs', '--no-sandbox', '--data-dir=/tmp/x', '--empty']
    expect(parseHostArgs(argv)).toEqual({ dataDir: '/tmp/x', profile: 'empty' })
  })

  it('default to the demo CommCell and the standard data folder', () => {
    expect(parseHostArgs([])).toEqual({ dataDir: undefined, profile: 'demo' })
    expect(parseHostArgs(['--data-dir', '--empty'])).toEqual({ dataDir: undefined, profile: 'empty' })
  })
})

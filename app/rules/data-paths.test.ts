import { describe, expect, it } from 'vitest'
import { dataPathProblem, isInside, isPseudoFileSystemPath, normalizePath } from './data-paths'

const guards = {
  dataDir: '/home/ann/.config/CommCell Browser',
  protectedPaths: ['/home/ann/.config/CommCell Browser/catalog', '/home/ann/.config/CommCell Browser/libraries', '/mnt/lib2/MP01', '/ddb/copy3'],
}

describe('normalizePath and isInside', () => {
  it('resolves dots and separators lexically', () => {
    expect(normalizePath('/a/./b/../c//d/')).toBe('/a/c/d')
    expect(normalizePath('/..')).toBe('/')
    expect(normalizePath('c:/Data\\x\\..\\y')).toBe('C:\\Data\\y')
  })
  it('compares whole segments, and Windows paths without case', () => {
    expect(isInside('/mnt/lib2/MP01/x', '/mnt/lib2/MP01')).toBe(true)
    expect(isInside('/mnt/lib2/MP01', '/mnt/lib2/MP01/')).toBe(true)
    expect(isInside('/mnt/lib2/MP012', '/mnt/lib2/MP01')).toBe(false)
    expect(isInside('/anything', '/')).toBe(true)
    expect(isInside('D:\\CV\\Lib', 'd:/cv')).toBe(true)
    expect(isInside('/d/cv', 'D:\\cv')).toBe(false)
  })
  it('knows the pseudo file systems', () => {
    expect(isPseudoFileSystemPath('/proc')).toBe(true)
    expect(isPseudoFileSystemPath('/proc/1/root/x')).toBe(true)
    expect(isPseudoFileSystemPath('/sys/kernel')).toBe(true)
    expect(isPseudoFileSystemPath('/dev/shm/x')).toBe(true)
    expect(isPseudoFileSystemPath('/processes')).toBe(false)
    expect(isPseudoFileSystemPath('/srv/../proc/self')).toBe(true)
  })
})

describe('dataPathProblem', () => {
  it('refuses the data folder itself and anything in its catalog, libraries, mount paths and DDBs, naming the field', () => {
    expect(dataPathProblem('/home/ann/.config/CommCell Browser', guards, 'Destination folder')).toBe(
      "Destination folder cannot be the console's data folder (/home/ann/.config/CommCell Browser).",
    )
    expect(dataPathProblem('/home/ann/.config/CommCell Browser/catalog', guards, 'Content')).toMatch(/^Content cannot be inside the console's own data \(.*catalog\)/)
    expect(dataPathProblem('/home/ann/.config/CommCell Browser/libraries/DiskLib01/x', guards, 'DDB path')).toMatch(/^DDB path cannot be inside/)
    expect(dataPathProblem('/mnt/lib2/MP01/CV_JOBS', guards, 'Destination folder')).toMatch(/\/mnt\/lib2\/MP01/)
    expect(dataPathProblem('/ddb/copy3/sub', guards, 'DDB path')).toMatch(/\/ddb\/copy3/)
    expect(dataPathProblem('/home/ann/.config/CommCell Browser/catalog/../catalog', guards, 'Content')).toBeDefined()
  })
  it('refuses pseudo file systems', () => {
    expect(dataPathProblem('/proc/self/cwd', guards, 'DDB path')).toBe('DDB path cannot be in /proc: it is a pseudo file system, not data.')
  })
  it('allows client folders, a folder holding the data folder, and the demo content inside it', () => {
    expect(dataPathProblem('/home/ann', guards, 'Content')).toBeUndefined()
    expect(dataPathProblem('/', guards, 'Destination folder')).toBeUndefined()
    expect(dataPathProblem('/home/ann/.config/CommCell Browser/demo-content/finance', guards, 'Content')).toBeUndefined()
    expect(dataPathProblem('/srv/restore', guards, 'Destination folder')).toBeUndefined()
  })
})

/**
 * Rules for the client folders an administrator types (subclient content, restore destination, DDB path): pure
 * functions over path strings, used by the dialogs, the contract's services and the MediaAgent (which applies them
 * again after resolving symbolic links). POSIX paths, and Windows drive paths compared without case.
 */
/** The console's own data that client folders must keep out of (see the media protocol's `PathGuards`). */
export interface PathGuards {
    readonly dataDir: string;
    readonly protectedPaths: readonly string[];
}
/**
 * A path with `.` and `..` segments resolved lexically, repeated separators and any trailing separator removed
 * (`/a/./b/../c/` is `/a/c`). Windows paths keep their drive and use `\`. Relative paths are returned as given.
 */
export declare function normalizePath(path: string): string;
/** Whether `path` is `root` or lies below it (lexically, after normalizing both). */
export declare function isInside(path: string, root: string): boolean;
/** Whether `path` is or lies below any of `roots`. */
export declare function isInsideAny(path: string, roots: readonly string[]): boolean;
/** Whether a path lies in a pseudo file system (`/proc`, `/sys`, `/dev`). */
export declare function isPseudoFileSystemPath(path: string): boolean;
/**
 * Why a client folder is refused, or undefined when the rules allow it: it lies in a pseudo file system, it is the
 * console's data folder itself, or it lies in one of its protected folders (catalog, libraries, mount paths, DDBs).
 * The same rule holds for content, destinations and DDB paths; `label` is the field's name in the dialog.
 */
export declare function dataPathProblem(path: string, guards: PathGuards, label: string): string | undefined;

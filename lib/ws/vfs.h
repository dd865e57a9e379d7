/* vfs.h - the SQLite VFS the workspace opens its files with: the
 * default one, with reads and writes of more than 64 KiB handed down in
 * pieces (SQLite's unix VFS takes at most 128 KiB a call; its statement
 * journal, spilling to a file, writes more).
 */
#ifndef WA_WS_VFS_H
#define WA_WS_VFS_H

#include <sqlite3.h>

#define WA_VFS_NAME "wa-pieces"

/* The VFS's name, registered on the first call (after SQLite is
 * configured: this initialises it); NULL when the default VFS cannot
 * be wrapped, and the default is then used. */
const char *wa_vfs_name(void);

#endif

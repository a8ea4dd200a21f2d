#ifndef CSQLITESHIMS_H
#define CSQLITESHIMS_H

/// sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0): SQLite stops keeping memory statistics, which
/// takes a process-wide mutex on every malloc and free it makes. sqlite3_config is variadic, so
/// Swift cannot call it. Only before SQLite initializes (the first connection opened in the
/// process): returns SQLITE_OK, or SQLITE_MISUSE when it is too late (nothing changed).
int CSQLiteShims_disable_memory_statistics(void);

#endif

#pragma once

#include "PostgresCluster.h"
#include "TestDatabase.h"

#include <QSqlDatabase>
#include <QString>

#include <functional>
#include <memory>

// Small helpers shared by the fault suites.
namespace Faults {

// The port of `db`'s server: the fixture's, or a private PostgreSQL cluster's.
int pgPortOf(const TestDatabase &db);

// A PostgreSQL cluster of the suite's own on $PA_TEST_PG_PRIVATE_PORT (set by ctest), already started, for
// faults that must not touch the shared fixture cluster: stopping the server in the middle of a run, password
// authentication. When it could not start, isRunning() is false and errorString() says why.
std::unique_ptr<PostgresCluster> startPrivateCluster();

// Adds `count` users without a profile in one set-based INSERT ... SELECT (generate_series on PostgreSQL, the
// Sequence engine's seq_1_to_N on MariaDB, a recursive CTE on SQLite): 200,000 users in about a second, where
// the Django seed would take minutes.
bool addUsers(const TestDatabase &db, int count, QString *error);

// Calls `done` every `pollMs` (keeping the event loop running) until it returns true or `timeoutMs` passes;
// the timeout only keeps a broken test from hanging, it is never what the test measures.
bool waitFor(const std::function<bool()> &done, int timeoutMs = 120000, int pollMs = 20);

// The process id of profile-admin's PostgreSQL backend (MariaDB connection id) while it waits for a lock in
// `db`'s database, or 0. `hasWritten` tells whether its transaction had already written something (has a
// transaction id; on MariaDB, has modified rows).
qint64 profileAdminWaitingForLock(QSqlDatabase db, bool *hasWritten = nullptr);

// Asks profileAdminWaitingForLock() on `monitor` until it finds profile-admin waiting (returns its id) or
// `running` turns false (returns 0). On MariaDB it asks at most every 150 ms: InnoDB refreshes the
// INNODB_TRX table only when nobody has read it for 100 ms, so faster polling would keep reading the state
// from before the wait began.
qint64 waitForProfileAdminLockWait(QSqlDatabase monitor, const std::function<bool()> &running,
                                   bool *hasWritten = nullptr);

// How many sessions wait for a lock in the database `monitor` is connected to (INNODB_TRX on MariaDB: poll it
// more slowly than every 100 ms, see waitForProfileAdminLockWait()), or -1 when that cannot be read.
qint64 lockWaits(const QSqlDatabase &monitor);

// A plain QSqlDatabase on `db` (as the superuser on PostgreSQL, root on MariaDB), opened under the name
// `name`, for the test's own transactions and observations; closeRaw() removes it again.
QSqlDatabase openRaw(const TestDatabase &db, const QString &name, QString *error);
void closeRaw(const QString &name);

// Opens `blocker` and `monitor` raw connections; on `blocker`, leaves uncommitted a classic profile for user
// 60,000, so a fixer over 100,000 users finishes its first batch of 50,000 and then waits in the second.
bool holdSecondBatch(const TestDatabase &db, const QString &blocker, const QString &monitor, QString *error);

} // namespace Faults

#pragma once

#include <QString>

#include <functional>

// Django's migrate costs seconds per database, most of what a database suite spends. Each schema variant is
// migrated once per machine (and per PostgreSQL cluster), kept, and copied into every new test database. The
// copies are keyed by the Django site's files, so a changed model or migration is migrated afresh.
// PA_TEST_NO_SCHEMA_CACHE=1 migrates every database itself.
namespace MigratedSchemas {

bool enabled();

// A short hash of every file of tests/django_site that shapes a schema.
QString siteFingerprint(const QString &siteDir);

// Runs `make` for `key` unless `isMade` already says it is done, holding a lock that other test processes
// respect, so that only one of them makes it and none uses it half made.
bool makeOnce(const QString &key, const std::function<bool()> &isMade,
              const std::function<bool(QString *error)> &make, QString *error);

// Where the kept SQLite copies live: a folder of this user under the temporary folder.
QString sqliteFolder();

} // namespace MigratedSchemas

#pragma once

#include "FillPlan.h"
#include "ProfileSchema.h"

#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QString>

// The fix-up as an SQL script, for a reviewer to read and run later (psql -1 -f, sqlite3): the transaction
// `profile-admin fix` runs, with the engine's own BEGIN and session settings, one INSERT ... SELECT ... WHERE
// NOT EXISTS ... ON CONFLICT (link) DO NOTHING per profile table, then COMMIT. Values are the engine's SQL
// literals (DatabaseEngine::sqlLiteral()) and per-row values (now, a fresh UUID) stay SQL expressions the
// database evaluates per row. The only difference from the tool's run is that each table takes one statement
// over every user instead of key-range batches, which exist only to report progress and honour cancel.
class FixScript
{
public:
    // The tables in the order the fix-up runs them, with their plans; `db` names the engine.
    FixScript(const QSqlDatabase &db, const QList<ProfileSchema> &schemas, const QList<FillPlan> &plans);

    // The script; `database` names the database in its header (never with a password). An empty string,
    // with `error` set, when a plan is invalid or a value has no literal.
    QString script(const QString &database, const QDateTime &now, QString *error) const;
    // Writes script() to `fileName` (all or nothing); false with `error` set.
    bool save(const QString &fileName, const QString &database, QString *error) const;

private:
    QSqlDatabase m_db;
    QList<ProfileSchema> m_schemas;
    QList<FillPlan> m_plans;
};

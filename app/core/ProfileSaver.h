#pragma once

#include "ProfilesQuery.h"

#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QVariantList>
#include <QVariantMap>

class DatabaseEngine;

// Writes the Profiles grid's held edits in one transaction with optimistic locking: every edited column is
// read again and locked first, and a row is written only if those columns still hold what the grid showed.
// When anything fails (a profile changed or deleted meanwhile, a refused value, a lost connection) nothing is
// written and the caller keeps every edit. A change found this way is remembered as reported, so that saving
// again writes over it on purpose.
class ProfileSaver final
{
public:
    // One profile's edits as the grid holds them.
    struct RowEdit
    {
        QVariant key;        // the profile's key as read from the database (the key is never edited)
        QList<int> columns;  // the edited columns, indexes into ProfilesQuery::columns()
        QVariantList stored; // per edited column, the value as the page read it from the database
        QVariantList values; // per edited column, the value to write
    };

    // The cell a refused save failed on: which profile (invalid when none), which column (-1 when no single
    // column was to blame).
    struct Refusal
    {
        QVariant key;
        int column = -1;
    };

    // `query` must outlive the saver; the grid owns both.
    ProfileSaver(const QSqlDatabase &db, const ProfilesQuery &query);

    // Writes `edits` in one transaction; true once committed. Otherwise nothing was written and `error`
    // says why in one message for the user, with the database's words.
    bool save(const QList<RowEdit> &edits, QString *error);
    // The UPDATE of one row, inside a transaction the caller runs; false with lastError() on failure.
    bool update(const RowEdit &edit);
    // What the database refused in the last save() that failed on a write; column -1 otherwise.
    Refusal refusal() const { return m_refusal; }
    // The error of the statement that failed last, for the model's lastError().
    QSqlError lastError() const { return m_lastError; }
    // The database's message for a failed statement, on one line.
    QString messageOf(const QSqlError &error) const;

    // The page was read again: what it shows now is what the database holds.
    void forgetReported() { m_reported.clear(); }
    // The edits of profile `key` were dropped.
    void forgetReported(const QVariant &key);
    // `edits` were written but could not be read back: their values are taken as what the database now
    // holds, so saving them again rewrites them instead of reporting them as someone else's change.
    void takeAsStored(const QList<RowEdit> &edits);

private:
    // What a save found changed behind the user's back: one sentence per profile.
    struct Conflicts
    {
        QStringList sentences;
        QHash<QString, QVariantMap> found; // per profile key, column -> the value found instead
        bool deleted = false;
    };

    // Reads the edited columns of `edit` again, locked until the transaction ends; false on a database
    // error. A profile deleted meanwhile, or changed in a column edited here, is added to `conflicts`.
    bool checkUnchanged(const RowEdit &edit, Conflicts *conflicts);
    QString conflictMessage(const Conflicts &conflicts) const;
    // The column of `edits[failed]` the database refuses, found in a transaction of its own that writes the
    // rows before it, then each edited column of that row alone inside a savepoint, and rolls back; -1 when
    // no single column is refused (a rule over several columns) or the database could not be asked.
    int refusedColumn(const QList<RowEdit> &edits, qsizetype failed);

    QSqlDatabase m_db;
    const ProfilesQuery &m_query;
    const DatabaseEngine &m_engine;
    QSqlError m_lastError;
    Refusal m_refusal;
    // Per profile key, column -> value: what a refused save found in the database and reported, to compare
    // with next time instead of the page's value, so that saving again writes over that change on purpose.
    QHash<QString, QVariantMap> m_reported;
    // The last statement of a save, kept until the transaction ends: PostgreSQL cannot free a statement
    // inside a failed transaction, so a failed one is freed after the rollback.
    QSqlQuery m_statement;
};

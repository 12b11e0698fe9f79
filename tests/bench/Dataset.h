#pragma once

#include "DatabaseUrl.h"

#include <QString>

// What a person would type on one engine for the benchmark's hand-written contestants: the floor's
// transaction and the guard the fixer keeps, and the one-row loop's INSERT as Django's driver sends it.
struct HandWrittenSql
{
    QString begin = QStringLiteral("BEGIN");
    // Django's SELECT of the users without a profile, ids only (which favours the loop).
    QString loopSelect =
        QStringLiteral("SELECT \"auth_user\".\"id\" FROM \"auth_user\" LEFT OUTER JOIN \"account_profile\" "
                       "ON (\"auth_user\".\"id\" = \"account_profile\".\"user_id\") WHERE "
                       "\"account_profile\".\"id\" IS NULL");
    QString guardClause;    // appended to the floor for (b'), the clause the fixer's statement carries
    QString loopInsert;     // one user's INSERT: %1 is the user id pasted in, or "?" placeholders when bound
    bool loopBinds = false; // true: prepared once and bound (user id, NULL, '') per user
};

// One engine's Django-shaped test data (docs/performance.md): a template database with the tables Django 3.2
// makes for auth.User + account.Profile, N users of whom one in `missingEvery` (ids 1, 1 + missingEvery, ...;
// every other one by default) has no profile,
// generated set-based in seconds; and fresh copies of it, so that every measurement starts from the same
// bytes.
class Dataset
{
public:
    virtual ~Dataset();

    // "SQLite 3.40.1", "PostgreSQL 15.8"; known after build().
    virtual QString engine() const = 0;
    // A short stable key for JSON and database names: "sqlite", "postgresql".
    virtual QString key() const = 0;
    // (Re)builds the template with `users` users; one in `missingEvery` of them gets no profile.
    virtual bool build(qint64 users, qint64 missingEvery, QString *error) = 0;
    // A fresh copy of the template, for one measurement; `tag` makes its name unique.
    virtual DatabaseUrl copy(const QString &tag, QString *error) = 0;
    virtual void drop(const DatabaseUrl &copy) = 0;
    // Called right before a timed step: leaves no pending background work (dirty pages, checkpoints) from the
    // previous step to be paid for by the next one.
    virtual void settle() = 0;
    // Removes the template and anything else the dataset made.
    virtual void cleanUp() = 0;
    virtual HandWrittenSql handWritten() const = 0;

    // How the template was made, for the report.
    double buildSeconds() const { return m_buildSeconds; }
    QString schemaSource() const { return m_schemaSource; }
    // The settings that decide what a COMMIT costs, as the database reports them.
    QString durability() const { return m_durability; }

protected:
    double m_buildSeconds = 0;
    QString m_schemaSource;
    QString m_durability;
};

#pragma once

#include "DatabaseUrl.h"

#include <QString>

// One engine's Django-shaped test data (docs/performance.md): a template database with the tables Django 3.2
// makes for auth.User + account.Profile, N users of whom every other one (the odd ids) has no profile,
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
    // (Re)builds the template with `users` users; half of them get a profile.
    virtual bool build(qint64 users, QString *error) = 0;
    // A fresh copy of the template, for one measurement; `tag` makes its name unique.
    virtual DatabaseUrl copy(const QString &tag, QString *error) = 0;
    virtual void drop(const DatabaseUrl &copy) = 0;
    // Called right before a timed step: leaves no pending background work (dirty pages, checkpoints) from the
    // previous step to be paid for by the next one.
    virtual void settle() = 0;
    // Removes the template and anything else the dataset made.
    virtual void cleanUp() = 0;

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

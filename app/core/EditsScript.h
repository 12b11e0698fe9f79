#pragma once

#include "ProfileSaver.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

class DatabaseEngine;
class ProfilesQuery;

// The Profiles grid's held edits as an SQL script, to be read, reviewed and run later (psql -1, sqlite3):
// one transaction with an UPDATE per edited profile, written only where the edited columns still hold what
// the grid showed (the guard of the save, ProfileSaver), so that a profile changed meanwhile is left as it
// is, and listed at the end of the run. Values are literals rendered by the engine
// (DatabaseEngine::sqlLiteral()), identifiers quoted by it.
class EditsScript
{
public:
    // `query` must outlive the script.
    EditsScript(const ProfilesQuery &query, const DatabaseEngine &engine);

    // The script for `edits` (ProfilesModel::pendingEdits()); `database` names the database in its header
    // (never with a password). An empty string, with `error` set, when a value has no literal.
    QString script(const QList<ProfileSaver::RowEdit> &edits, const QString &database, const QDateTime &now,
                   QString *error) const;
    // Writes script() to `fileName` (all or nothing); false with `error` set.
    bool save(const QString &fileName, const QList<ProfileSaver::RowEdit> &edits, const QString &database,
              QString *error) const;

private:
    // One profile's edit as SQL text.
    struct Row
    {
        QString key;             // the key's literal
        QStringList assignments; // column = new value
        QStringList guards;      // the column still holds what the grid showed
        QStringList written;     // the column holds the new value
    };

    bool render(const ProfileSaver::RowEdit &edit, Row *row, QString *error) const;

    const ProfilesQuery &m_query;
    const DatabaseEngine &m_engine;
};

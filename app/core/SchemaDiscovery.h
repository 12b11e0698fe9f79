#pragma once

#include "ProfileSchema.h"

#include <QSqlDatabase>
#include <QStringList>

class DatabaseEngine;

// What the user said instead of letting discovery guess (--user-table, --profile-table, --link-column).
struct DiscoveryOverrides
{
    QString userTable;
    QString profileTable;
    QString linkColumn;
    // One of the candidates an earlier discovery offered, chosen by the user: taken as the profile table and
    // link column, as they were found, without reading names typed as text again.
    ProfileLink chosenLink = {};
};

struct DiscoveryResult
{
    enum class Status {
        Ok,
        NotDjango,      // no user table could be found
        NoProfileTable, // the user table has no one-to-one partner
        Ambiguous,      // several candidates: `candidates` lists them
        BadOverride,    // an override names something that does not exist or does not fit
        DatabaseError   // the catalog could not be read: `message` has the database's words
    };
    Status status = Status::DatabaseError;
    ProfileSchema schema;
    QString message; // one sentence for the user, with what to do
    QList<ProfileLink> candidates;

    bool ok() const { return status == Status::Ok; }
};

// Finds Django's user table and the profile table with a one-to-one link to it by reading the catalogs
// through the connection's DatabaseEngine. It never relies on Django being installed.
class SchemaDiscovery
{
public:
    explicit SchemaDiscovery(const QSqlDatabase &db);

    DiscoveryResult discover(const DiscoveryOverrides &overrides = {}) const;

private:
    QSqlDatabase m_db;
    const DatabaseEngine *m_engine;
};

#pragma once

#include "ProfileSchema.h"

#include <QSqlDatabase>
#include <QStringList>

class DatabaseEngine;

// What the user said instead of letting discovery guess (--user-table, --profile-table, --link-column).
struct DiscoveryOverrides
{
    QString userTable;
    QStringList profileTables; // only these are profile tables, in this order; empty: every one found
    QString linkColumn;        // only links through this column; goes with at most one profile table
};

struct DiscoveryResult
{
    enum class Status {
        Ok,
        NotDjango,      // no user table could be found
        NoProfileTable, // the user table has no one-to-one partner
        BadOverride,    // an override names something that does not exist or does not fit
        DatabaseError   // the catalog could not be read: `message` has the database's words
    };
    Status status = Status::DatabaseError;
    // The primary profile table: the first of `profiles` whose table name contains "profile", else the first.
    ProfileSchema schema;
    // Every profile table: in the order --profile-table named them, else sorted by table name then link
    // column, so that "the first" is the same on every run and engine.
    QList<ProfileSchema> profiles;
    QString message; // one sentence for the user, with what to do

    bool ok() const { return status == Status::Ok; }
};

// Finds Django's user table and every profile table (a table with a one-to-one link to it) by reading the
// catalogs through the connection's DatabaseEngine. It never relies on Django being installed.
class SchemaDiscovery
{
public:
    explicit SchemaDiscovery(const QSqlDatabase &db);

    DiscoveryResult discover(const DiscoveryOverrides &overrides = {}) const;

private:
    QSqlDatabase m_db;
    const DatabaseEngine *m_engine;
};

#pragma once

#include "ProfileSchema.h"

#include <QSqlDatabase>
#include <QStringList>

// What the user said instead of letting discovery guess (--user-table, --profile-table, --link-column).
struct DiscoveryOverrides
{
    QString userTable;
    QString profileTable;
    QString linkColumn;
};

struct DiscoveryResult
{
    enum class Status {
        Ok,
        NotDjango,      // no user table could be found
        NoProfileTable, // the user table has no one-to-one partner
        Ambiguous,      // several candidates: `candidates` lists them
        BadOverride,    // an override names something that does not exist or does not fit
        DatabaseError
    };
    Status status = Status::DatabaseError;
    ProfileSchema schema;
    QString message; // one sentence for the user, with what to do
    QStringList candidates;

    bool ok() const { return status == Status::Ok; }
};

// Finds Django's user table and the profile table with a one-to-one link to it by reading the catalogs
// (pg_catalog on PostgreSQL, PRAGMAs on SQLite). It never relies on Django being installed.
class SchemaDiscovery
{
public:
    explicit SchemaDiscovery(const QSqlDatabase &db);

    DiscoveryResult discover(const DiscoveryOverrides &overrides = {}) const;

    // Catalog facts, exposed for the discovery rules and for tests.
    struct ForeignKey
    {
        TableName table;
        QString column;
        TableName referencedTable;
        QString referencedColumn;
        bool oneToOne = false; // the column is unique on its own or the primary key
    };
    QList<TableName> tables() const;
    QList<ForeignKey> foreignKeys() const;
    QList<ColumnInfo> columns(const TableName &table) const;

private:
    bool isSqlite() const;
    TableName findTable(const QList<TableName> &tables, const QString &userText) const;

    QSqlDatabase m_db;
};

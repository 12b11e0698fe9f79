#include "SchemaDiscovery.h"

#include "DatabaseEngine.h"
#include "SqlFailure.h"

#include <QSet>

#include <algorithm>

namespace {

using Status = DiscoveryResult::Status;

QString joinedNames(const QList<ForeignKey> &links)
{
    QStringList names;
    for (const auto &link : links)
        names << ProfileLink{link.table, link.column}.display();
    return names.join(QStringLiteral(", "));
}

TableName findTable(const QList<TableName> &tables, const QString &userText)
{
    const TableName wanted = TableName::fromUserText(userText);
    for (const auto &table : tables) {
        if (table.name == wanted.name && (wanted.schema.isEmpty() || wanted.schema == table.schema))
            return table;
    }
    // Tables in a schema whose name contains a dot are matched on the whole text.
    for (const auto &table : tables) {
        if (table.name == userText)
            return table;
    }
    return {};
}

// One discovery: the catalog is read once, then each step applies one rule. A step that cannot go on
// returns false after recording the result to give.
class Discovery final
{
public:
    Discovery(const QSqlDatabase &db, const DatabaseEngine &engine, const DiscoveryOverrides &overrides)
        : m_db(db)
        , m_engine(engine)
        , m_overrides(overrides)
    {}

    DiscoveryResult run()
    {
        if (readCatalog() && findProfileOverrides() && findUserTable() && findUserKey() && findCandidates() &&
            orderCandidates() && fillProfiles())
            m_result.status = Status::Ok;
        return m_result;
    }

private:
    bool fail(Status status, const QString &message)
    {
        m_result.status = status;
        m_result.schema = ProfileSchema();
        m_result.profiles.clear();
        m_result.message = message;
        return false;
    }

    // A catalog that cannot be read is the database's problem, told in its words, never "not Django".
    bool catalogFailed(const QSqlError &error)
    {
        return fail(Status::DatabaseError, QStringLiteral("Could not read the database's catalog: %1.")
                                               .arg(SqlFailure(error, m_engine).message()));
    }

    bool columnsOf(const TableName &table, QList<ColumnInfo> *columns)
    {
        CatalogRows<ColumnInfo> found = m_engine.columns(m_db, table);
        if (!found.ok())
            return catalogFailed(found.error);
        *columns = std::move(found.rows);
        return true;
    }

    bool readCatalog()
    {
        CatalogRows<TableName> tables = m_engine.tables(m_db);
        if (!tables.ok())
            return catalogFailed(tables.error);
        CatalogRows<ForeignKey> links = m_engine.foreignKeys(m_db);
        if (!links.ok())
            return catalogFailed(links.error);
        m_tables = std::move(tables.rows);
        m_links = std::move(links.rows);
        return true;
    }

    bool findProfileOverrides()
    {
        if (m_overrides.profileTables.size() > 1 && !m_overrides.linkColumn.isEmpty())
            return fail(Status::BadOverride,
                        QStringLiteral("--link-column goes with one --profile-table, not %1; leave it out "
                                       "to take every one-to-one link of the tables named.")
                            .arg(m_overrides.profileTables.size()));
        for (const QString &named : std::as_const(m_overrides.profileTables)) {
            const TableName table = findTable(m_tables, named);
            if (table.isEmpty())
                return fail(
                    Status::BadOverride,
                    QStringLiteral("There is no table \"%1\" (given with --profile-table).").arg(named));
            if (!m_profileOverrides.contains(table))
                m_profileOverrides.append(table);
        }
        return true;
    }

    // The user table: the override, else the one table the profile override links to, else what
    // django_admin_log points at, else auth_user, else the one table that a profile-like link points at and
    // that looks like AbstractBaseUser (password + last_login).
    bool findUserTable()
    {
        TableName &userTable = m_result.schema.userTable;
        if (!m_overrides.userTable.isEmpty()) {
            userTable = findTable(m_tables, m_overrides.userTable);
            if (userTable.isEmpty())
                return fail(Status::BadOverride,
                            QStringLiteral("There is no table \"%1\" (given with --user-table).")
                                .arg(m_overrides.userTable));
        }
        if (userTable.isEmpty() && !m_profileOverrides.isEmpty())
            userTable = targetOfProfileOverrides();
        if (userTable.isEmpty()) {
            for (const auto &link : m_links) {
                if (link.table.name == QLatin1String("django_admin_log") &&
                    link.column == QLatin1String("user_id"))
                    userTable = link.referencedTable;
            }
        }
        if (userTable.isEmpty())
            userTable = findTable(m_tables, QStringLiteral("auth_user"));
        if (userTable.isEmpty() && !findUserLookalike(&userTable))
            return false;
        if (userTable.isEmpty())
            return fail(
                Status::NotDjango,
                QStringLiteral("This does not look like a Django database: there is no auth_user table "
                               "and nothing points to a custom user table; name it with --user-table."));
        return true;
    }

    TableName targetOfProfileOverrides() const
    {
        QList<TableName> targets;
        for (const auto &link : m_links) {
            if (m_profileOverrides.contains(link.table) && link.oneToOne &&
                (m_overrides.linkColumn.isEmpty() || link.column == m_overrides.linkColumn) &&
                !targets.contains(link.referencedTable))
                targets.append(link.referencedTable);
        }
        return targets.size() == 1 ? targets.first() : TableName();
    }

    bool findUserLookalike(TableName *userTable)
    {
        QList<TableName> lookalikes;
        for (const auto &link : m_links) {
            if (!link.oneToOne || lookalikes.contains(link.referencedTable))
                continue;
            QList<ColumnInfo> columns;
            if (!columnsOf(link.referencedTable, &columns))
                return false;
            QSet<QString> names;
            for (const auto &column : columns)
                names.insert(column.name);
            if (names.contains(QStringLiteral("password")) && names.contains(QStringLiteral("last_login")))
                lookalikes.append(link.referencedTable);
        }
        if (lookalikes.size() == 1)
            *userTable = lookalikes.first();
        return true;
    }

    bool findUserKey()
    {
        ProfileSchema &schema = m_result.schema;
        if (!columnsOf(schema.userTable, &schema.userColumns))
            return false;
        QStringList userKeys;
        for (const auto &column : schema.userColumns) {
            if (column.primaryKey)
                userKeys << column.name;
        }
        if (userKeys.size() != 1)
            return fail(Status::NotDjango,
                        QStringLiteral("The user table %1 has no single-column primary key, so "
                                       "it is not a Django user table.")
                            .arg(schema.userTable.display()));
        schema.userKey = userKeys.first();
        return true;
    }

    // The one-to-one links to the user's key that the overrides allow: with tables named, each of them must
    // have one. Plain foreign keys are kept apart to explain why they do not count.
    bool findCandidates()
    {
        if (m_profileOverrides.isEmpty())
            return findCandidatesIn({});
        for (const TableName &table : std::as_const(m_profileOverrides)) {
            if (!findCandidatesIn(table))
                return false;
        }
        return true;
    }

    // `profileTable` empty: every table.
    bool findCandidatesIn(const TableName &profileTable)
    {
        const ProfileSchema &schema = m_result.schema;
        QList<ForeignKey> plainLinks;
        bool found = false;
        for (const auto &link : m_links) {
            if (!(link.referencedTable == schema.userTable) || link.referencedColumn != schema.userKey ||
                link.table == schema.userTable)
                continue;
            if (!profileTable.isEmpty() && !(link.table == profileTable))
                continue;
            if (!m_overrides.linkColumn.isEmpty() && link.column != m_overrides.linkColumn)
                continue;
            if (link.oneToOne) {
                m_candidates.append(link);
                found = true;
            } else {
                plainLinks.append(link);
            }
        }
        if (found)
            return true;

        const QString userTable = schema.userTable.display();
        if (profileTable.isEmpty() && m_overrides.linkColumn.isEmpty())
            return fail(Status::NoProfileTable,
                        QStringLiteral("No table has a one-to-one link to the user table %1, so there is no "
                                       "profile table; name it with --profile-table if it exists.")
                            .arg(userTable));
        const QString where = profileTable.isEmpty() ? QStringLiteral("any table") : profileTable.display();
        if (!plainLinks.isEmpty())
            return fail(Status::BadOverride,
                        QStringLiteral("%1 links to %2 by a plain foreign key (%3), not one-to-one: a user "
                                       "may have several rows there, so it is not a profile table.")
                            .arg(where, userTable, joinedNames(plainLinks)));
        return fail(Status::BadOverride,
                    QStringLiteral("%1 has no one-to-one link%2 to %3.")
                        .arg(where,
                             m_overrides.linkColumn.isEmpty()
                                 ? QString()
                                 : QStringLiteral(" named \"%1\"").arg(m_overrides.linkColumn),
                             userTable));
    }

    // Tables named by the user keep their order; found ones are sorted, so that "the first" is deterministic.
    bool orderCandidates()
    {
        if (!m_profileOverrides.isEmpty())
            return true;
        std::stable_sort(m_candidates.begin(), m_candidates.end(),
                         [](const ForeignKey &a, const ForeignKey &b) {
                             const QString left = a.table.display();
                             const QString right = b.table.display();
                             return left != right ? left < right : a.column < b.column;
                         });
        return true;
    }

    // Every candidate becomes a profile table; the primary one is the first whose name says "profile", else
    // the first of all.
    bool fillProfiles()
    {
        qsizetype primary = -1;
        for (const ForeignKey &link : std::as_const(m_candidates)) {
            ProfileSchema schema;
            if (!fillProfile(link, &schema))
                return false;
            if (primary < 0 && link.table.name.contains(QLatin1String("profile"), Qt::CaseInsensitive))
                primary = m_result.profiles.size();
            m_result.profiles.append(schema);
        }
        m_result.schema = m_result.profiles.at(qMax<qsizetype>(primary, 0));
        return true;
    }

    bool fillProfile(const ForeignKey &link, ProfileSchema *schema)
    {
        schema->userTable = m_result.schema.userTable;
        schema->userKey = m_result.schema.userKey;
        schema->userColumns = m_result.schema.userColumns;
        schema->profileTable = link.table;
        schema->linkColumn = link.column;
        if (!columnsOf(link.table, &schema->profileColumns))
            return false;
        for (const auto &column : schema->profileColumns) {
            if (column.primaryKey && schema->profileKey.isEmpty())
                schema->profileKey = column.name;
        }
        if (schema->profileKey.isEmpty())
            schema->profileKey = schema->linkColumn;
        return true;
    }

    const QSqlDatabase &m_db;
    const DatabaseEngine &m_engine;
    DiscoveryOverrides m_overrides;
    QList<TableName> m_tables;
    QList<ForeignKey> m_links;
    QList<TableName> m_profileOverrides;
    QList<ForeignKey> m_candidates;
    DiscoveryResult m_result;
};

} // namespace

SchemaDiscovery::SchemaDiscovery(const QSqlDatabase &db)
    : m_db(db)
    , m_engine(&DatabaseEngine::of(db))
{}

DiscoveryResult SchemaDiscovery::discover(const DiscoveryOverrides &overrides) const
{
    return Discovery(m_db, *m_engine, overrides).run();
}

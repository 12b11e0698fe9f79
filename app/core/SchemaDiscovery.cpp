#include "SchemaDiscovery.h"

#include <QRegularExpression>
#include <QSet>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>

namespace {

ColumnFamily familyFromPostgresType(const QString &typname)
{
    static const QHash<QString, ColumnFamily> families{
        {QStringLiteral("text"), ColumnFamily::Text},
        {QStringLiteral("varchar"), ColumnFamily::Text},
        {QStringLiteral("bpchar"), ColumnFamily::Text},
        {QStringLiteral("citext"), ColumnFamily::Text},
        {QStringLiteral("int2"), ColumnFamily::Integer},
        {QStringLiteral("int4"), ColumnFamily::Integer},
        {QStringLiteral("int8"), ColumnFamily::Integer},
        {QStringLiteral("numeric"), ColumnFamily::Decimal},
        {QStringLiteral("float4"), ColumnFamily::Decimal},
        {QStringLiteral("float8"), ColumnFamily::Decimal},
        {QStringLiteral("bool"), ColumnFamily::Boolean},
        {QStringLiteral("json"), ColumnFamily::Json},
        {QStringLiteral("jsonb"), ColumnFamily::Json},
        {QStringLiteral("date"), ColumnFamily::Date},
        {QStringLiteral("timestamp"), ColumnFamily::DateTime},
        {QStringLiteral("timestamptz"), ColumnFamily::DateTime},
        {QStringLiteral("time"), ColumnFamily::Time},
        {QStringLiteral("timetz"), ColumnFamily::Time},
        {QStringLiteral("uuid"), ColumnFamily::Uuid},
        {QStringLiteral("bytea"), ColumnFamily::Binary}};
    return families.value(typname, ColumnFamily::Other);
}

// SQLite has no real types; Django's declared types are matched the way SQLite derives affinity, with the
// date/time names checked before the generic ones they contain.
ColumnFamily familyFromSqliteType(const QString &declared)
{
    const QString type = declared.toUpper();
    if (type.contains(QLatin1String("BOOL")))
        return ColumnFamily::Boolean;
    if (type.contains(QLatin1String("DATETIME")) || type.contains(QLatin1String("TIMESTAMP")))
        return ColumnFamily::DateTime;
    if (type.contains(QLatin1String("DATE")))
        return ColumnFamily::Date;
    if (type.contains(QLatin1String("TIME")))
        return ColumnFamily::Time;
    if (type.contains(QLatin1String("UUID")))
        return ColumnFamily::Uuid;
    if (type.contains(QLatin1String("JSON")))
        return ColumnFamily::Json;
    if (type.contains(QLatin1String("INT")))
        return ColumnFamily::Integer;
    if (type.contains(QLatin1String("CHAR")) || type.contains(QLatin1String("CLOB")) ||
        type.contains(QLatin1String("TEXT")))
        return ColumnFamily::Text;
    if (type.contains(QLatin1String("DEC")) || type.contains(QLatin1String("REAL")) ||
        type.contains(QLatin1String("FLOA")) || type.contains(QLatin1String("DOUB")) ||
        type.contains(QLatin1String("NUMERIC")))
        return ColumnFamily::Decimal;
    if (type.contains(QLatin1String("BLOB")))
        return ColumnFamily::Binary;
    return ColumnFamily::Other;
}

int lengthFromType(const QString &type)
{
    static const QRegularExpression re(QStringLiteral("char[a-z ]*\\((\\d+)\\)"),
                                       QRegularExpression::CaseInsensitiveOption);
    const auto match = re.match(type);
    return match.hasMatch() ? match.captured(1).toInt() : -1;
}

DiscoveryResult failure(DiscoveryResult::Status status, const QString &message,
                        const QStringList &candidates = {})
{
    DiscoveryResult result;
    result.status = status;
    result.message = message;
    result.candidates = candidates;
    return result;
}

QStringList linkNames(const QList<SchemaDiscovery::ForeignKey> &links)
{
    QStringList names;
    for (const auto &link : links)
        names << link.table.display() + QLatin1Char('.') + link.column;
    return names;
}

QString joinedNames(const QList<SchemaDiscovery::ForeignKey> &links)
{
    return linkNames(links).join(QStringLiteral(", "));
}

} // namespace

SchemaDiscovery::SchemaDiscovery(const QSqlDatabase &db)
    : m_db(db)
{}

bool SchemaDiscovery::isSqlite() const
{
    return m_db.driver()->dbmsType() == QSqlDriver::SQLite;
}

QList<TableName> SchemaDiscovery::tables() const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (isSqlite()) {
        q.exec(QStringLiteral("SELECT '', name FROM sqlite_master WHERE type = 'table' "
                              "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"));
    } else {
        q.exec(QStringLiteral("SELECT n.nspname, c.relname FROM pg_class c "
                              "JOIN pg_namespace n ON n.oid = c.relnamespace "
                              "WHERE c.relkind IN ('r', 'p') AND n.nspname <> 'information_schema' "
                              "AND n.nspname NOT LIKE 'pg\\_%' ORDER BY n.nspname = 'public' DESC, 1, 2"));
    }
    QList<TableName> result;
    while (q.next())
        result.append({q.value(0).toString(), q.value(1).toString()});
    return result;
}

QList<SchemaDiscovery::ForeignKey> SchemaDiscovery::foreignKeys() const
{
    QList<ForeignKey> result;
    if (!isSqlite()) {
        // A link is one-to-one when a unique, non-partial, single-column index covers its column.
        QSqlQuery q(m_db);
        q.setForwardOnly(true);
        q.exec(QStringLiteral(
            "SELECT sn.nspname, s.relname, sa.attname, tn.nspname, t.relname, ta.attname, "
            "EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = con.conrelid AND i.indisunique "
            "        AND i.indnkeyatts = 1 AND i.indkey[0] = con.conkey[1] AND i.indpred IS NULL "
            "        AND i.indexprs IS NULL) "
            "FROM pg_constraint con "
            "JOIN pg_class s ON s.oid = con.conrelid JOIN pg_namespace sn ON sn.oid = s.relnamespace "
            "JOIN pg_attribute sa ON sa.attrelid = con.conrelid AND sa.attnum = con.conkey[1] "
            "JOIN pg_class t ON t.oid = con.confrelid JOIN pg_namespace tn ON tn.oid = t.relnamespace "
            "JOIN pg_attribute ta ON ta.attrelid = con.confrelid AND ta.attnum = con.confkey[1] "
            "WHERE con.contype = 'f' AND cardinality(con.conkey) = 1 ORDER BY 1, 2, 3"));
        while (q.next()) {
            result.append({{q.value(0).toString(), q.value(1).toString()},
                           q.value(2).toString(),
                           {q.value(3).toString(), q.value(4).toString()},
                           q.value(5).toString(),
                           q.value(6).toBool()});
        }
        return result;
    }

    for (const auto &table : tables()) {
        QSet<QString> uniqueColumns;
        QStringList primaryKey;
        for (const auto &column : columns(table)) {
            if (column.primaryKey)
                primaryKey << column.name;
        }
        if (primaryKey.size() == 1)
            uniqueColumns.insert(primaryKey.first());
        QSqlQuery indexes(m_db);
        indexes.prepare(QStringLiteral("SELECT il.name FROM pragma_index_list(:t) il "
                                       "WHERE il.\"unique\" = 1 AND il.partial = 0"));
        indexes.bindValue(QStringLiteral(":t"), table.name);
        indexes.exec();
        while (indexes.next()) {
            QSqlQuery info(m_db);
            info.prepare(QStringLiteral("SELECT name FROM pragma_index_info(:i)"));
            info.bindValue(QStringLiteral(":i"), indexes.value(0).toString());
            info.exec();
            QStringList names;
            while (info.next())
                names << info.value(0).toString();
            if (names.size() == 1 && !names.first().isEmpty())
                uniqueColumns.insert(names.first());
        }

        QSqlQuery fks(m_db);
        fks.prepare(QStringLiteral("SELECT id, \"from\", \"table\", \"to\", "
                                   "(SELECT count(*) FROM pragma_foreign_key_list(:t) o WHERE o.id = f.id) "
                                   "FROM pragma_foreign_key_list(:t) f ORDER BY id, seq"));
        fks.bindValue(QStringLiteral(":t"), table.name);
        fks.exec();
        while (fks.next()) {
            if (fks.value(4).toInt() != 1)
                continue;
            const QString column = fks.value(1).toString();
            const TableName target{QString(), fks.value(2).toString()};
            QString targetColumn = fks.value(3).toString();
            if (targetColumn.isEmpty()) {
                for (const auto &c : columns(target)) {
                    if (c.primaryKey)
                        targetColumn = c.name;
                }
            }
            result.append({table, column, target, targetColumn, uniqueColumns.contains(column)});
        }
    }
    return result;
}

QList<ColumnInfo> SchemaDiscovery::columns(const TableName &table) const
{
    QList<ColumnInfo> result;
    QSqlQuery q(m_db);
    if (isSqlite()) {
        q.prepare(QStringLiteral("SELECT name, type, \"notnull\", dflt_value, pk, "
                                 "(SELECT count(*) FROM pragma_table_info(:t) WHERE pk > 0) "
                                 "FROM pragma_table_info(:t) ORDER BY cid"));
        q.bindValue(QStringLiteral(":t"), table.name);
        q.exec();
        QSqlQuery sqlQuery(m_db);
        sqlQuery.prepare(QStringLiteral("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = :t"));
        sqlQuery.bindValue(QStringLiteral(":t"), table.name);
        sqlQuery.exec();
        const QString createSql = sqlQuery.next() ? sqlQuery.value(0).toString() : QString();
        while (q.next()) {
            ColumnInfo column;
            column.name = q.value(0).toString();
            column.sqlType = q.value(1).toString();
            column.family = familyFromSqliteType(column.sqlType);
            // Django stores JSONField as text guarded by CHECK (JSON_VALID("column")).
            if (createSql.contains(QStringLiteral("JSON_VALID(") + quoteIdentifier(column.name) +
                                       QLatin1Char(')'),
                                   Qt::CaseInsensitive))
                column.family = ColumnFamily::Json;
            column.primaryKey = q.value(4).toInt() > 0;
            column.nullable = q.value(2).toInt() == 0 && !column.primaryKey;
            column.defaultSql = q.value(3).toString();
            // An INTEGER PRIMARY KEY is the rowid: SQLite numbers it.
            column.autoGenerated = column.primaryKey && q.value(5).toInt() == 1 &&
                                   column.sqlType.compare(QLatin1String("integer"), Qt::CaseInsensitive) == 0;
            column.maxLength = lengthFromType(column.sqlType);
            result.append(column);
        }
        return result;
    }

    q.prepare(QStringLiteral(
        "SELECT a.attname, format_type(a.atttypid, a.atttypmod), "
        "       CASE WHEN t.typtype = 'd' THEN bt.typname ELSE t.typname END, a.attnotnull, "
        "       coalesce(pg_get_expr(d.adbin, d.adrelid), ''), a.attidentity <> '' OR a.attgenerated <> '', "
        "       EXISTS (SELECT 1 FROM pg_constraint pk WHERE pk.conrelid = a.attrelid AND pk.contype = 'p' "
        "               AND a.attnum = ANY (pk.conkey)) "
        "FROM pg_attribute a "
        "JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
        "JOIN pg_type t ON t.oid = a.atttypid LEFT JOIN pg_type bt ON bt.oid = t.typbasetype "
        "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
        "WHERE n.nspname = :s AND c.relname = :t AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum"));
    q.bindValue(QStringLiteral(":s"), table.schema.isEmpty() ? QStringLiteral("public") : table.schema);
    q.bindValue(QStringLiteral(":t"), table.name);
    q.exec();
    while (q.next()) {
        ColumnInfo column;
        column.name = q.value(0).toString();
        column.sqlType = q.value(1).toString();
        column.family = familyFromPostgresType(q.value(2).toString());
        column.nullable = !q.value(3).toBool();
        column.defaultSql = q.value(4).toString();
        column.autoGenerated = q.value(5).toBool() || column.defaultSql.startsWith(QLatin1String("nextval("));
        column.primaryKey = q.value(6).toBool();
        column.maxLength = lengthFromType(column.sqlType);
        result.append(column);
    }
    return result;
}

TableName SchemaDiscovery::findTable(const QList<TableName> &tables, const QString &userText) const
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

DiscoveryResult SchemaDiscovery::discover(const DiscoveryOverrides &overrides) const
{
    using Status = DiscoveryResult::Status;
    const QList<TableName> allTables = tables();
    if (allTables.isEmpty()) {
        QSqlQuery probe(m_db);
        if (!probe.exec(QStringLiteral("SELECT 1")))
            return failure(
                Status::DatabaseError,
                QStringLiteral("Could not read the database catalog: %1").arg(probe.lastError().text()));
    }
    const QList<ForeignKey> links = foreignKeys();

    TableName profileOverride;
    if (!overrides.profileTable.isEmpty()) {
        profileOverride = findTable(allTables, overrides.profileTable);
        if (profileOverride.isEmpty())
            return failure(Status::BadOverride,
                           QStringLiteral("There is no table \"%1\" (given with --profile-table).")
                               .arg(overrides.profileTable));
    }

    // The user table: the override, else what django_admin_log points at, else auth_user, else the one table
    // that a profile-like link points at and that looks like AbstractBaseUser (password + last_login).
    TableName userTable;
    if (!overrides.userTable.isEmpty()) {
        userTable = findTable(allTables, overrides.userTable);
        if (userTable.isEmpty())
            return failure(Status::BadOverride,
                           QStringLiteral("There is no table \"%1\" (given with --user-table).")
                               .arg(overrides.userTable));
    }
    if (userTable.isEmpty() && !profileOverride.isEmpty()) {
        QList<TableName> targets;
        for (const auto &link : links) {
            if (link.table == profileOverride && link.oneToOne &&
                (overrides.linkColumn.isEmpty() || link.column == overrides.linkColumn) &&
                !targets.contains(link.referencedTable))
                targets.append(link.referencedTable);
        }
        if (targets.size() == 1)
            userTable = targets.first();
    }
    if (userTable.isEmpty()) {
        for (const auto &link : links) {
            if (link.table.name == QLatin1String("django_admin_log") &&
                link.column == QLatin1String("user_id"))
                userTable = link.referencedTable;
        }
    }
    if (userTable.isEmpty())
        userTable = findTable(allTables, QStringLiteral("auth_user"));
    if (userTable.isEmpty()) {
        QList<TableName> lookalikes;
        for (const auto &link : links) {
            if (!link.oneToOne || lookalikes.contains(link.referencedTable))
                continue;
            QSet<QString> names;
            for (const auto &column : columns(link.referencedTable))
                names.insert(column.name);
            if (names.contains(QStringLiteral("password")) && names.contains(QStringLiteral("last_login")))
                lookalikes.append(link.referencedTable);
        }
        if (lookalikes.size() == 1)
            userTable = lookalikes.first();
    }
    if (userTable.isEmpty())
        return failure(
            Status::NotDjango,
            QStringLiteral("This does not look like a Django database: there is no auth_user table and "
                           "nothing points to a custom user table; name it with --user-table."));

    DiscoveryResult result;
    ProfileSchema &schema = result.schema;
    schema.userTable = userTable;
    schema.userColumns = columns(userTable);
    QStringList userKeys;
    for (const auto &column : schema.userColumns) {
        if (column.primaryKey)
            userKeys << column.name;
    }
    if (userKeys.size() != 1)
        return failure(Status::NotDjango,
                       QStringLiteral("The user table %1 has no single-column primary key, so it "
                                      "is not a Django user table.")
                           .arg(userTable.display()));
    schema.userKey = userKeys.first();

    QList<ForeignKey> candidates;
    QList<ForeignKey> plainLinks;
    for (const auto &link : links) {
        if (!(link.referencedTable == userTable) || link.referencedColumn != schema.userKey ||
            link.table == userTable)
            continue;
        if (!profileOverride.isEmpty() && !(link.table == profileOverride))
            continue;
        if (!overrides.linkColumn.isEmpty() && link.column != overrides.linkColumn)
            continue;
        (link.oneToOne ? candidates : plainLinks).append(link);
    }

    if (candidates.isEmpty()) {
        if (!profileOverride.isEmpty() || !overrides.linkColumn.isEmpty()) {
            const QString where =
                profileOverride.isEmpty() ? QStringLiteral("any table") : profileOverride.display();
            if (!plainLinks.isEmpty())
                return failure(
                    Status::BadOverride,
                    QStringLiteral("%1 links to %2 by a plain foreign key (%3), not one-to-one: a user "
                                   "may have several rows there, so it is not a profile table.")
                        .arg(where, userTable.display(), joinedNames(plainLinks)));
            return failure(Status::BadOverride,
                           QStringLiteral("%1 has no one-to-one link%2 to %3.")
                               .arg(where,
                                    overrides.linkColumn.isEmpty()
                                        ? QString()
                                        : QStringLiteral(" named \"%1\"").arg(overrides.linkColumn),
                                    userTable.display()));
        }
        return failure(
            Status::NoProfileTable,
            QStringLiteral("No table has a one-to-one link to the user table %1, so there is no profile "
                           "table; name it with --profile-table if it exists.")
                .arg(userTable.display()));
    }

    if (candidates.size() > 1) {
        QList<ForeignKey> named;
        for (const auto &link : candidates) {
            if (link.table.name.contains(QLatin1String("profile"), Qt::CaseInsensitive))
                named.append(link);
        }
        if (named.size() != 1) {
            return failure(Status::Ambiguous,
                           QStringLiteral("Several tables have a one-to-one link to %1 (%2); choose one with "
                                          "--profile-table (and --link-column).")
                               .arg(userTable.display(), joinedNames(candidates)),
                           linkNames(candidates));
        }
        candidates = named;
    }

    const ForeignKey &chosen = candidates.first();
    schema.profileTable = chosen.table;
    schema.linkColumn = chosen.column;
    schema.profileColumns = columns(chosen.table);
    for (const auto &column : schema.profileColumns) {
        if (column.primaryKey && schema.profileKey.isEmpty())
            schema.profileKey = column.name;
    }
    if (schema.profileKey.isEmpty())
        schema.profileKey = schema.linkColumn;
    result.status = Status::Ok;
    return result;
}

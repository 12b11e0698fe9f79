// SqliteEngine's catalog: PRAGMA table functions and sqlite_master.
#include "SqliteEngine.h"

#include <QSet>
#include <QSqlQuery>
#include <QStringList>

namespace {

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

// The names of the columns that are unique on their own in `table`: a single-column primary key or a
// unique, non-partial, single-column index.
CatalogRows<QString> uniqueColumns(const QSqlDatabase &db, const TableName &table,
                                   const QList<ColumnInfo> &columns)
{
    CatalogRows<QString> result;
    QStringList primaryKey;
    for (const auto &column : columns) {
        if (column.primaryKey)
            primaryKey << column.name;
    }
    if (primaryKey.size() == 1)
        result.rows << primaryKey.first();
    QSqlQuery indexes(db);
    indexes.prepare(QStringLiteral("SELECT il.name FROM pragma_index_list(:t) il "
                                   "WHERE il.\"unique\" = 1 AND il.partial = 0"));
    indexes.bindValue(QStringLiteral(":t"), table.name);
    if (!indexes.exec()) {
        result.error = indexes.lastError();
        return result;
    }
    while (indexes.next()) {
        QSqlQuery info(db);
        info.prepare(QStringLiteral("SELECT name FROM pragma_index_info(:i)"));
        info.bindValue(QStringLiteral(":i"), indexes.value(0).toString());
        if (!info.exec()) {
            result.error = info.lastError();
            return result;
        }
        QStringList names;
        while (info.next())
            names << info.value(0).toString();
        if (names.size() == 1 && !names.first().isEmpty())
            result.rows << names.first();
    }
    return result;
}

} // namespace

CatalogRows<TableName> SqliteEngine::tables(const QSqlDatabase &db) const
{
    CatalogRows<TableName> result;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT '', name FROM sqlite_master WHERE type = 'table' "
                               "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"))) {
        result.error = q.lastError();
        return result;
    }
    while (q.next())
        result.rows.append({q.value(0).toString(), q.value(1).toString()});
    return result;
}

CatalogRows<ForeignKey> SqliteEngine::foreignKeys(const QSqlDatabase &db) const
{
    CatalogRows<ForeignKey> result;
    const CatalogRows<TableName> allTables = tables(db);
    if (!allTables.ok()) {
        result.error = allTables.error;
        return result;
    }
    for (const auto &table : allTables.rows) {
        const CatalogRows<ColumnInfo> tableColumns = columns(db, table);
        if (!tableColumns.ok()) {
            result.error = tableColumns.error;
            return result;
        }
        const CatalogRows<QString> unique = uniqueColumns(db, table, tableColumns.rows);
        if (!unique.ok()) {
            result.error = unique.error;
            return result;
        }

        QSqlQuery fks(db);
        fks.prepare(QStringLiteral("SELECT id, \"from\", \"table\", \"to\", "
                                   "(SELECT count(*) FROM pragma_foreign_key_list(:t) o WHERE o.id = f.id) "
                                   "FROM pragma_foreign_key_list(:t) f ORDER BY id, seq"));
        fks.bindValue(QStringLiteral(":t"), table.name);
        if (!fks.exec()) {
            result.error = fks.lastError();
            return result;
        }
        while (fks.next()) {
            if (fks.value(4).toInt() != 1)
                continue;
            const QString column = fks.value(1).toString();
            const TableName target{QString(), fks.value(2).toString()};
            QString targetColumn = fks.value(3).toString();
            if (targetColumn.isEmpty()) {
                // A foreign key without a column names the target's primary key.
                const CatalogRows<ColumnInfo> targetColumns = columns(db, target);
                if (!targetColumns.ok()) {
                    result.error = targetColumns.error;
                    return result;
                }
                for (const auto &c : targetColumns.rows) {
                    if (c.primaryKey)
                        targetColumn = c.name;
                }
            }
            result.rows.append({table, column, target, targetColumn, unique.rows.contains(column)});
        }
    }
    return result;
}

CatalogRows<ColumnInfo> SqliteEngine::columns(const QSqlDatabase &db, const TableName &table) const
{
    CatalogRows<ColumnInfo> result;
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT name, type, \"notnull\", dflt_value, pk, "
                             "(SELECT count(*) FROM pragma_table_info(:t) WHERE pk > 0) "
                             "FROM pragma_table_info(:t) ORDER BY cid"));
    q.bindValue(QStringLiteral(":t"), table.name);
    QSqlQuery sqlQuery(db);
    sqlQuery.prepare(QStringLiteral("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = :t"));
    sqlQuery.bindValue(QStringLiteral(":t"), table.name);
    if (!q.exec() || !sqlQuery.exec()) {
        result.error = q.lastError().type() != QSqlError::NoError ? q.lastError() : sqlQuery.lastError();
        return result;
    }
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
        result.rows.append(column);
    }
    return result;
}

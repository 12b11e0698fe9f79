// PostgresEngine's catalog (pg_catalog) and privileges (has_*_privilege()).
#include "PostgresEngine.h"

#include <QHash>
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

// has_table_privilege() for the current role; also true when only some columns are granted, since the
// database then decides per column and a pre-check must not refuse what would work.
bool mayOnTable(const QSqlDatabase &db, const QString &table, const QString &privilege)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT has_table_privilege(:t, :p) OR has_any_column_privilege(:t2, :p2)"));
    q.bindValue(QStringLiteral(":t"), table);
    q.bindValue(QStringLiteral(":p"), privilege);
    q.bindValue(QStringLiteral(":t2"), table);
    q.bindValue(QStringLiteral(":p2"), privilege);
    // When the catalog cannot be asked, assume yes: the write itself will then say what is wrong.
    return !q.exec() || !q.next() || q.value(0).toBool();
}

QString currentRole(const QSqlDatabase &db)
{
    QSqlQuery q(db);
    return q.exec(QStringLiteral("SELECT current_user")) && q.next() ? q.value(0).toString() : QString();
}

} // namespace

CatalogRows<TableName> PostgresEngine::tables(const QSqlDatabase &db) const
{
    CatalogRows<TableName> result;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT n.nspname, c.relname FROM pg_class c "
                               "JOIN pg_namespace n ON n.oid = c.relnamespace "
                               "WHERE c.relkind IN ('r', 'p') AND n.nspname <> 'information_schema' "
                               "AND n.nspname NOT LIKE 'pg\\_%' ORDER BY n.nspname = 'public' DESC, 1, 2"))) {
        result.error = q.lastError();
        return result;
    }
    while (q.next())
        result.rows.append({q.value(0).toString(), q.value(1).toString()});
    return result;
}

CatalogRows<ForeignKey> PostgresEngine::foreignKeys(const QSqlDatabase &db) const
{
    CatalogRows<ForeignKey> result;
    // A link is one-to-one when a unique, non-partial, single-column index covers its column.
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral(
            "SELECT sn.nspname, s.relname, sa.attname, tn.nspname, t.relname, ta.attname, "
            "EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = con.conrelid AND i.indisunique "
            "        AND i.indnkeyatts = 1 AND i.indkey[0] = con.conkey[1] AND i.indpred IS NULL "
            "        AND i.indexprs IS NULL) "
            "FROM pg_constraint con "
            "JOIN pg_class s ON s.oid = con.conrelid JOIN pg_namespace sn ON sn.oid = s.relnamespace "
            "JOIN pg_attribute sa ON sa.attrelid = con.conrelid AND sa.attnum = con.conkey[1] "
            "JOIN pg_class t ON t.oid = con.confrelid JOIN pg_namespace tn ON tn.oid = t.relnamespace "
            "JOIN pg_attribute ta ON ta.attrelid = con.confrelid AND ta.attnum = con.confkey[1] "
            "WHERE con.contype = 'f' AND cardinality(con.conkey) = 1 ORDER BY 1, 2, 3"))) {
        result.error = q.lastError();
        return result;
    }
    while (q.next()) {
        result.rows.append({{q.value(0).toString(), q.value(1).toString()},
                            q.value(2).toString(),
                            {q.value(3).toString(), q.value(4).toString()},
                            q.value(5).toString(),
                            q.value(6).toBool()});
    }
    return result;
}

CatalogRows<ColumnInfo> PostgresEngine::columns(const QSqlDatabase &db, const TableName &table) const
{
    CatalogRows<ColumnInfo> result;
    QSqlQuery q(db);
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
    if (!q.exec()) {
        result.error = q.lastError();
        return result;
    }
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
        result.rows.append(column);
    }
    return result;
}

DatabaseEngine::WriteProblems PostgresEngine::writeProblems(const QSqlDatabase &db,
                                                            const ProfileSchema &schema) const
{
    WriteProblems problems;
    const QString table = quoteTable(schema.profileTable);
    const QString role = currentRole(db);
    const auto denied = [&](const QString &what, const QString &name, const QString &doing) {
        return QStringLiteral("permission denied for %1 %2: the role \"%3\" may not %4")
            .arg(what, name, role, doing);
    };
    if (!mayOnTable(db, table, QStringLiteral("INSERT")))
        problems.create = denied(QStringLiteral("table"), schema.profileTable.display(),
                                 QStringLiteral("insert rows into it"));
    if (!mayOnTable(db, table, QStringLiteral("UPDATE")))
        problems.edit =
            denied(QStringLiteral("table"), schema.profileTable.display(), QStringLiteral("change its rows"));
    if (!problems.create.isEmpty())
        return problems;

    // A serial key (Django 3.2's AutoField) takes its numbers from a sequence that needs USAGE of its own.
    for (const ColumnInfo &column : schema.profileColumns) {
        if (!column.defaultSql.startsWith(QLatin1String("nextval(")))
            continue;
        QSqlQuery q(db);
        q.prepare(QStringLiteral("SELECT s, has_sequence_privilege(s, 'USAGE') "
                                 "FROM pg_get_serial_sequence(:t, :c) AS s WHERE s IS NOT NULL"));
        q.bindValue(QStringLiteral(":t"), table);
        q.bindValue(QStringLiteral(":c"), column.name);
        if (q.exec() && q.next() && !q.value(1).toBool()) {
            problems.create =
                denied(QStringLiteral("sequence"), q.value(0).toString(),
                       QStringLiteral("take numbers from it for column \"%1\"").arg(column.name));
            break;
        }
    }
    return problems;
}

QString PostgresEngine::estimatedRowsStatement(const TableName &table, QVariantMap *values) const
{
    // The planner's own estimate: the rows per page that VACUUM or ANALYZE last saw, times the pages now.
    // A table neither has seen yet says -1.
    values->insert(QStringLiteral(":table"), quoteTable(table));
    return QStringLiteral("SELECT CASE WHEN c.reltuples < 0 OR c.relpages = 0 THEN -1 "
                          "ELSE CAST(c.reltuples / c.relpages * pg_relation_size(c.oid) "
                          "/ CAST(current_setting('block_size') AS integer) AS bigint) END "
                          "FROM pg_class c WHERE c.oid = to_regclass(:table)");
}

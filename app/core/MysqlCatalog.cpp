// MysqlEngine's catalog (information_schema of the connection's database) and privileges.
#include "MysqlEngine.h"

#include <QRegularExpression>
#include <QSqlQuery>

namespace {

// Django's column types on MySQL and MariaDB: bool is tinyint(1), UUIDField is char(32), JSONField is json on
// MySQL and a longtext with a json_valid() CHECK on MariaDB (`jsonChecked`).
ColumnFamily familyFromMysqlType(const QString &dataType, const QString &columnType, bool jsonChecked)
{
    const QString type = dataType.toLower();
    const QString full = columnType.toLower();
    if (type == QLatin1String("tinyint") && full.startsWith(QLatin1String("tinyint(1)")))
        return ColumnFamily::Boolean;
    if (type == QLatin1String("bool") || type == QLatin1String("boolean"))
        return ColumnFamily::Boolean;
    if (type.endsWith(QLatin1String("int")))
        return ColumnFamily::Integer;
    if (type == QLatin1String("decimal") || type == QLatin1String("float") || type == QLatin1String("double"))
        return ColumnFamily::Decimal;
    if (type == QLatin1String("json") || jsonChecked)
        return ColumnFamily::Json;
    if (type == QLatin1String("uuid") || full == QLatin1String("char(32)"))
        return ColumnFamily::Uuid;
    if (type.endsWith(QLatin1String("char")) || type.endsWith(QLatin1String("text")) ||
        type == QLatin1String("enum") || type == QLatin1String("set"))
        return ColumnFamily::Text;
    if (type == QLatin1String("date"))
        return ColumnFamily::Date;
    if (type == QLatin1String("datetime") || type == QLatin1String("timestamp"))
        return ColumnFamily::DateTime;
    if (type == QLatin1String("time"))
        return ColumnFamily::Time;
    if (type.endsWith(QLatin1String("blob")) || type.endsWith(QLatin1String("binary")))
        return ColumnFamily::Binary;
    return ColumnFamily::Other;
}

// The columns of `table` that a CHECK (json_valid(`column`)) constrains; empty when the server keeps no
// CHECK constraints in information_schema (MySQL before 8.0.16).
QStringList jsonCheckedColumns(const QSqlDatabase &db, const QString &table)
{
    QStringList columns;
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS "
                             "WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = ?"));
    q.addBindValue(table);
    if (!q.exec())
        return columns;
    static const QRegularExpression jsonValid(
        QStringLiteral("^\\s*json_valid\\s*\\(\\s*`((?:[^`]|``)+)`\\s*\\)\\s*$"),
        QRegularExpression::CaseInsensitiveOption);
    while (q.next()) {
        const auto match = jsonValid.match(q.value(0).toString());
        if (match.hasMatch())
            columns << match.captured(1).replace(QLatin1String("``"), QLatin1String("`"));
    }
    return columns;
}

// MariaDB shows literal defaults quoted ('abc') and a NULL default as NULL; MySQL shows literals bare.
QString defaultExpression(const QVariant &columnDefault)
{
    if (columnDefault.isNull())
        return {};
    const QString text = columnDefault.toString();
    return text == QLatin1String("NULL") ? QString() : text;
}

// Whether the current user holds `privilege` on `table`, at any level information_schema shows (global,
// database, table or some column), directly or through the current role. When the catalog cannot be asked,
// yes: the write itself will then say what is wrong.
bool grantsAllowOnTable(const QSqlDatabase &db, const QString &table, const QString &privilege)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral(
        "SELECT EXISTS (SELECT 1 FROM information_schema.USER_PRIVILEGES WHERE GRANTEE IN (@pa_me, @pa_role) "
        "AND PRIVILEGE_TYPE = ?) "
        "OR EXISTS (SELECT 1 FROM information_schema.SCHEMA_PRIVILEGES WHERE GRANTEE IN (@pa_me, @pa_role) "
        "AND DATABASE() LIKE TABLE_SCHEMA AND PRIVILEGE_TYPE = ?) "
        "OR EXISTS (SELECT 1 FROM information_schema.TABLE_PRIVILEGES WHERE GRANTEE IN (@pa_me, @pa_role) "
        "AND TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND PRIVILEGE_TYPE = ?) "
        "OR EXISTS (SELECT 1 FROM information_schema.COLUMN_PRIVILEGES WHERE GRANTEE IN (@pa_me, @pa_role) "
        "AND TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND PRIVILEGE_TYPE = ?)"));
    q.addBindValue(privilege);
    q.addBindValue(privilege);
    q.addBindValue(table);
    q.addBindValue(privilege);
    q.addBindValue(table);
    q.addBindValue(privilege);
    return !q.exec() || !q.next() || q.value(0).toInt() != 0;
}

} // namespace

CatalogRows<TableName> MysqlEngine::tables(const QSqlDatabase &db) const
{
    CatalogRows<TableName> result;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = "
                               "DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME"))) {
        result.error = q.lastError();
        return result;
    }
    while (q.next())
        result.rows.append({QString(), q.value(0).toString()});
    return result;
}

CatalogRows<ForeignKey> MysqlEngine::foreignKeys(const QSqlDatabase &db) const
{
    CatalogRows<ForeignKey> result;
    // A link is one-to-one when a unique index of that one column (no prefix) covers it.
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral(
            "SELECT k.TABLE_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, "
            "EXISTS (SELECT 1 FROM information_schema.STATISTICS s WHERE s.TABLE_SCHEMA = k.TABLE_SCHEMA "
            "        AND s.TABLE_NAME = k.TABLE_NAME AND s.COLUMN_NAME = k.COLUMN_NAME AND s.NON_UNIQUE = 0 "
            "        AND s.SUB_PART IS NULL AND NOT EXISTS (SELECT 1 FROM information_schema.STATISTICS s2 "
            "            WHERE s2.TABLE_SCHEMA = s.TABLE_SCHEMA AND s2.TABLE_NAME = s.TABLE_NAME "
            "            AND s2.INDEX_NAME = s.INDEX_NAME AND s2.SEQ_IN_INDEX > 1)) "
            "FROM information_schema.KEY_COLUMN_USAGE k "
            "WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_SCHEMA = DATABASE() "
            "AND k.REFERENCED_TABLE_NAME IS NOT NULL "
            "AND (SELECT count(*) FROM information_schema.KEY_COLUMN_USAGE k2 "
            "     WHERE k2.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND k2.TABLE_NAME = k.TABLE_NAME "
            "     AND k2.CONSTRAINT_NAME = k.CONSTRAINT_NAME) = 1 "
            "ORDER BY 1, 2"))) {
        result.error = q.lastError();
        return result;
    }
    while (q.next()) {
        result.rows.append({{QString(), q.value(0).toString()},
                            q.value(1).toString(),
                            {QString(), q.value(2).toString()},
                            q.value(3).toString(),
                            q.value(4).toInt() != 0});
    }
    return result;
}

CatalogRows<ColumnInfo> MysqlEngine::columns(const QSqlDatabase &db, const TableName &table) const
{
    CatalogRows<ColumnInfo> result;
    const QStringList json = jsonCheckedColumns(db, table.name);
    QSqlQuery q(db);
    q.prepare(
        QStringLiteral("SELECT COLUMN_NAME, COLUMN_TYPE, DATA_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA, "
                       "COLUMN_KEY FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
                       "AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION"));
    q.addBindValue(table.name);
    if (!q.exec()) {
        result.error = q.lastError();
        return result;
    }
    while (q.next()) {
        ColumnInfo column;
        column.name = q.value(0).toString();
        column.sqlType = q.value(1).toString();
        column.family =
            familyFromMysqlType(q.value(2).toString(), column.sqlType, json.contains(column.name));
        column.nullable = q.value(3).toString() == QLatin1String("YES");
        column.defaultSql = defaultExpression(q.value(4));
        const QString extra = q.value(5).toString().toLower();
        column.autoGenerated =
            extra.contains(QLatin1String("auto_increment")) || extra.contains(QLatin1String("generated"));
        column.primaryKey = q.value(6).toString() == QLatin1String("PRI");
        column.maxLength = lengthFromType(column.sqlType);
        result.rows.append(column);
    }
    if (result.rows.isEmpty())
        result.error = QSqlError(QStringLiteral("MysqlEngine"),
                                 QStringLiteral("table %1 not found in the current database").arg(table.name),
                                 QSqlError::StatementError);
    return result;
}

DatabaseEngine::WriteProblems MysqlEngine::writeProblems(const QSqlDatabase &db,
                                                         const ProfileSchema &schema) const
{
    WriteProblems problems;
    const QString table = schema.profileTable.name;
    // MyISAM, Aria, MEMORY and the like cannot roll back: a failed run would leave half its rows behind.
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT ENGINE FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
                             "AND TABLE_NAME = ?"));
    q.addBindValue(table);
    if (q.exec() && q.next()) {
        const QString storage = q.value(0).toString();
        if (storage.compare(QLatin1String("InnoDB"), Qt::CaseInsensitive) != 0) {
            const QString reason =
                QStringLiteral(
                    "the table %1 uses the %2 storage engine, which cannot roll back a transaction; "
                    "profile-admin writes only to InnoDB tables, so that a failed run leaves "
                    "nothing behind (ALTER TABLE ... ENGINE=InnoDB converts it)")
                    .arg(table, storage);
            problems.create = reason;
            problems.edit = reason;
            return problems;
        }
    }
    // information_schema names grantees as 'user'@'host'.
    QSqlQuery who(db);
    QString user;
    if (who.exec(QStringLiteral("SET @pa_me = CONCAT('''', SUBSTRING_INDEX(CURRENT_USER(), '@', 1), '''@''', "
                                "SUBSTRING_INDEX(CURRENT_USER(), '@', -1), ''''), @pa_role = CONCAT('''', "
                                "COALESCE(CURRENT_ROLE(), ''), '''')")) &&
        who.exec(QStringLiteral("SELECT CURRENT_USER()")) && who.next())
        user = who.value(0).toString();
    const auto denied = [&](const QString &doing) {
        return QStringLiteral("permission denied for table %1: the user %2 may not %3")
            .arg(table, user, doing);
    };
    const bool mayUpdate = grantsAllowOnTable(db, table, QStringLiteral("UPDATE"));
    if (!grantsAllowOnTable(db, table, QStringLiteral("INSERT")))
        problems.create = denied(QStringLiteral("insert rows into it"));
    // The conflict guard (ON DUPLICATE KEY UPDATE) needs UPDATE even when no row collides.
    else if (!mayUpdate)
        problems.create = denied(QStringLiteral("change its rows, which creating profiles needs to keep a "
                                                "profile someone else creates meanwhile"));
    if (!mayUpdate)
        problems.edit = denied(QStringLiteral("change its rows"));
    return problems;
}

QString MysqlEngine::estimatedRowsStatement(const TableName &table, QVariantMap *values) const
{
    // InnoDB's estimate from its sampled statistics, which may be off by a good part: the exact count that
    // follows corrects the positions.
    values->insert(QStringLiteral(":table"), table.name);
    return QStringLiteral("SELECT TABLE_ROWS FROM information_schema.TABLES "
                          "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = :table");
}

#pragma once

#include "DatabaseEngine.h"

// MySQL and MariaDB through Qt's QMYSQL driver (libmariadb): a server that may go away, numeric error codes,
// InnoDB transactions in strict mode, the catalog read from information_schema, Django's forms for booleans
// (tinyint(1)), UUIDs (char(32)) and datetimes (UTC without an offset).
class MysqlEngine final : public DatabaseEngine
{
public:
    MysqlEngine() = default;

    DatabaseUrl::Kind kind() const override { return DatabaseUrl::Kind::MySQL; }
    QString displayName() const override { return QStringLiteral("MySQL/MariaDB"); }
    QString driverName() const override { return QStringLiteral("QMYSQL"); }

    bool open(QSqlDatabase &db, const DatabaseUrl &url, bool readOnly, OpenState *state) const override;
    QString openError(const QSqlError &error, const DatabaseUrl &url) const override;
    bool canLoseConnection() const override { return true; }

    SqlFailure::Kind classify(const QSqlError &error) const override;

    QString quoteIdentifier(const QString &identifier) const override;
    QString castParameter(const QString &placeholder, const QString &sqlType) const override;
    QString conflictGuard(const QString &quotedLinkColumn) const override;
    QString perRowExpression(ColumnFamily family, const QString &sqlType) const override;
    QString startsWith(const QString &column, const QString &text, const QString &placeholder,
                       QVariantMap *values) const override;
    QString likeIgnoringCase(const QString &expression, const QString &placeholder) const override;
    QString foldSearchText(const QString &text) const override { return text.toLower(); }
    bool sortsNullsFirst(bool descending) const override { return !descending; }
    QVariant toStorage(const QVariant &value, ColumnFamily family) const override;
    QString sqlLiteral(const QVariant &value, ColumnFamily family, QString *error = nullptr) const override;
    QString scriptEncoding() const override { return QStringLiteral("SET NAMES utf8mb4;"); }
    QString notDistinct(const QString &left, const QString &right,
                        ColumnFamily family = ColumnFamily::Other) const override;

    QStringList bulkInsertStatements() const override;
    bool batchesDeadlockSiteInserts(const QSqlDatabase &db) const override;
    bool beginRowUpdate(QSqlQuery &control) const override;
    QString lockRowsClause() const override { return QStringLiteral(" FOR UPDATE"); }
    bool rollbackFailureMeansLost() const override { return true; }

    CatalogRows<TableName> tables(const QSqlDatabase &db) const override;
    QString estimatedRowsStatement(const TableName &table, QVariantMap *values) const override;
    CatalogRows<ForeignKey> foreignKeys(const QSqlDatabase &db) const override;
    CatalogRows<ColumnInfo> columns(const QSqlDatabase &db, const TableName &table) const override;

    WriteProblems writeProblems(const QSqlDatabase &db, const ProfileSchema &schema) const override;

    // The session settings every connection gets: strict mode (a bad value is an error, never a warning and
    // a changed value), UTC for CURRENT_TIMESTAMP as Django stores datetimes, and the lock timeout in
    // seconds.
    static QString sessionSetup(int lockTimeoutMs);
    // Its strict mode and time zone alone, as a script of the fix-up repeats them.
    static QString strictModeStatement();

protected:
    QString driverPackage() const override { return QStringLiteral("libqt6sql6-mysql"); }
};

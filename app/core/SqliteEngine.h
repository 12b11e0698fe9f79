#pragma once

#include "DatabaseEngine.h"

// SQLite through Qt's QSQLITE driver: a file, Django's text forms for dates and booleans, the catalog read
// through PRAGMA table functions.
class SqliteEngine final : public DatabaseEngine
{
public:
    SqliteEngine() = default;

    // Is `path` an SQLite 3 file? (Checks the 16-byte header; never creates the file.)
    static bool looksLikeSqlite(const QString &path, QString *error);

    DatabaseUrl::Kind kind() const override { return DatabaseUrl::Kind::SQLite; }
    QString displayName() const override { return QStringLiteral("SQLite"); }
    QString driverName() const override { return QStringLiteral("QSQLITE"); }

    bool open(QSqlDatabase &db, const DatabaseUrl &url, bool readOnly, OpenState *state) const override;
    QString openError(const QSqlError &error, const DatabaseUrl &url) const override;
    bool canLoseConnection() const override { return false; }

    SqlFailure::Kind classify(const QSqlError &error) const override;

    QString castParameter(const QString &placeholder, const QString &sqlType) const override;
    QString perRowExpression(ColumnFamily family, const QString &sqlType) const override;
    QString likeIgnoringCase(const QString &expression, const QString &placeholder) const override;
    QString foldSearchText(const QString &text) const override { return text; }
    bool sortsNullsFirst(bool descending) const override { return !descending; }
    QVariant toStorage(const QVariant &value, ColumnFamily family) const override;
    QString sqlLiteral(const QVariant &value, ColumnFamily family, QString *error = nullptr) const override;
    QString notDistinct(const QString &left, const QString &right,
                        ColumnFamily family = ColumnFamily::Other) const override;

    QStringList bulkInsertStatements() const override;
    bool beginRowUpdate(QSqlQuery &control) const override;
    QString lockRowsClause() const override { return {}; }
    bool rollbackFailureMeansLost() const override { return false; }

    CatalogRows<TableName> tables(const QSqlDatabase &db) const override;
    CatalogRows<ForeignKey> foreignKeys(const QSqlDatabase &db) const override;
    CatalogRows<ColumnInfo> columns(const QSqlDatabase &db, const TableName &table) const override;

protected:
    QString driverPackage() const override { return QStringLiteral("libqt6sql6-sqlite"); }
};

#pragma once

#include "DatabaseEngine.h"

// PostgreSQL through Qt's QPSQL driver (libpq): a server that may go away, typed values, SQLSTATEs, the
// catalog read from pg_catalog and privileges from has_*_privilege().
class PostgresEngine final : public DatabaseEngine
{
public:
    PostgresEngine() = default;

    DatabaseUrl::Kind kind() const override { return DatabaseUrl::Kind::PostgreSQL; }
    QString displayName() const override { return QStringLiteral("PostgreSQL"); }
    QString driverName() const override { return QStringLiteral("QPSQL"); }

    bool open(QSqlDatabase &db, const DatabaseUrl &url, bool readOnly, OpenState *state) const override;
    QString openError(const QSqlError &error, const DatabaseUrl &url) const override;
    bool canLoseConnection() const override { return true; }

    SqlFailure::Kind classify(const QSqlError &error) const override;

    QString castParameter(const QString &placeholder, const QString &sqlType) const override;
    QString perRowExpression(ColumnFamily family, const QString &sqlType) const override;
    QString likeIgnoringCase(const QString &expression, const QString &placeholder) const override;
    QString foldSearchText(const QString &text) const override { return text.toLower(); }
    QString prefixRangeOperators(QString *below) const override;
    QString inPrefixIndexOrder(const QString &column) const override;
    QString probedMissingProfile(const QString &profileTable, const QString &alias, const QString &linkColumn,
                                 const QString &userKey) const override;
    QString pageRowsByKeys(const QString &userTable, const QString &userKey,
                           const QString &keysQuery) const override;
    bool sortsNullsFirst(bool descending) const override { return descending; }
    QString sqlLiteral(const QVariant &value, ColumnFamily family, QString *error = nullptr) const override;
    QString scriptEncoding() const override { return QStringLiteral("SET client_encoding = 'UTF8';"); }
    QString notDistinct(const QString &left, const QString &right,
                        ColumnFamily family = ColumnFamily::Other) const override;

    QStringList bulkInsertStatements() const override;
    QStringList keyRangeBatchStatements() const override;
    QStringList keysetBatchStatements() const override;
    bool beginRowUpdate(QSqlQuery &control) const override;
    QString lockRowsClause() const override { return QStringLiteral(" FOR UPDATE"); }
    bool rollbackFailureMeansLost() const override { return true; }
    QString walPositionQuery() const override;
    QString replicaPositionsQuery() const override;
    QString replicaPositionsPrivilege() const override;

    CatalogRows<TableName> tables(const QSqlDatabase &db) const override;
    QString estimatedRowsStatement(const TableName &table, QVariantMap *values) const override;
    CatalogRows<ForeignKey> foreignKeys(const QSqlDatabase &db) const override;
    CatalogRows<ColumnInfo> columns(const QSqlDatabase &db, const TableName &table) const override;

    WriteProblems writeProblems(const QSqlDatabase &db, const ProfileSchema &schema) const override;

protected:
    QString driverPackage() const override { return QStringLiteral("libqt6sql6-psql"); }
};

#pragma once

#include "DatabaseUrl.h"
#include "ProfileSchema.h"
#include "SqlFailure.h"

#include <QList>
#include <QSqlDatabase>
#include <QSqlError>
#include <QString>
#include <QStringList>
#include <QVariant>
#include <QVariantMap>

class QSqlQuery;

// A catalog query's rows, or the database's error when the query failed: an unreadable catalog must never
// look like an empty one.
template<typename T> struct CatalogRows
{
    QList<T> rows;
    QSqlError error;

    bool ok() const { return error.type() == QSqlError::NoError; }
};

// Everything that differs between the database engines, so that the rest of the program never asks which
// engine it talks to: connecting, reading errors, the SQL dialect, transactions and the catalog. One
// stateless singleton per engine; a new engine is one new subclass registered in forKind() and of().
class DatabaseEngine
{
public:
    virtual ~DatabaseEngine() = default;
    DatabaseEngine(const DatabaseEngine &) = delete;
    DatabaseEngine &operator=(const DatabaseEngine &) = delete;

    // The engine for a URL kind; an invalid kind gets the PostgreSQL engine, whose connection checks fail
    // safe on a database that was never opened (isLost() is true).
    static const DatabaseEngine &forKind(DatabaseUrl::Kind kind);
    // The engine behind an open (or at least added) connection, by its driver; see forKind() for a database
    // without a known driver.
    static const DatabaseEngine &of(const QSqlDatabase &db);

    // ---- Identity
    virtual DatabaseUrl::Kind kind() const = 0;
    virtual QString displayName() const = 0; // "SQLite", "PostgreSQL"
    virtual QString driverName() const = 0;  // "QSQLITE", "QPSQL"
    bool isDriverAvailable() const;
    // One sentence naming the Qt driver and the package to install.
    QString missingDriverMessage() const;

    // ---- Connecting
    struct OpenState
    {
        // In: the reason when the connection was asked to be read-only; out: why nothing can be written.
        QString readOnlyReason;
        QString error; // one sentence for the user when open() failed
        bool passwordRequired = false;
    };
    // Opens `db` (added with driverName()) for `url` and sets the session up; `readOnly` makes the session
    // refuse writes where the engine can. False with state->error set on failure.
    virtual bool open(QSqlDatabase &db, const DatabaseUrl &url, bool readOnly, OpenState *state) const = 0;
    // The sentence for an error met while opening `url`, naming what to do about it.
    virtual QString openError(const QSqlError &error, const DatabaseUrl &url) const = 0;
    // Whether a connection can be dropped by the other side (a server); false for a file.
    virtual bool canLoseConnection() const = 0;
    // True when the server has dropped `db`: drivers notice only when a statement fails, so this asks.
    bool isLost(const QSqlDatabase &db) const;

    // ---- Errors
    virtual SqlFailure::Kind classify(const QSqlError &error) const = 0;

    // ---- SQL dialect
    // The SQL standard's rule, which PostgreSQL and SQLite share: "name" with embedded quotes doubled. Used
    // instead of QSqlDriver::escapeIdentifier, which leaves names starting with a quote untouched and splits
    // names at dots.
    static QString standardQuoted(const QString &identifier);
    virtual QString quoteIdentifier(const QString &identifier) const { return standardQuoted(identifier); }
    // Schema and name quoted, ready for SQL; the bare quoted name when there is no schema.
    QString quoteTable(const TableName &table) const;
    // A bound value in a SELECT list, typed as the column `sqlType` where the engine cannot infer it.
    virtual QString castParameter(const QString &placeholder, const QString &sqlType) const = 0;
    // Appended to an INSERT so that a row whose link already exists is skipped, not an error.
    virtual QString conflictGuard(const QString &quotedLinkColumn) const;
    // True when conflictGuard() skips a row on any unique key, not just the link's, so that a user may still
    // lack a profile after the INSERT: the fixer then counts them and fails instead of reporting success.
    virtual bool guardMayKeepUsersMissing() const { return false; }
    // A per-row value that only the database can produce (the current time, a fresh UUID, empty binary)
    // for a NOT NULL column of this family; empty when the engine has none. Fixed SQL, never user input.
    virtual QString perRowExpression(ColumnFamily family, const QString &sqlType) const = 0;
    // The per-row SQL for a Django model's callable default, named as Python qualifies it
    // ("django.utils.timezone.now", "datetime.date.today", "uuid.uuid4"), in a column of this family; empty
    // when SQL cannot do what the callable does.
    virtual QString pythonDefaultExpression(const QString &callable, ColumnFamily family,
                                            const QString &sqlType) const;
    // A condition matching `expression` against the LIKE pattern bound to `placeholder` without regard to
    // case, with a backslash escaping the wildcards; bind foldSearchText() of the pattern.
    virtual QString likeIgnoringCase(const QString &expression, const QString &placeholder) const = 0;
    virtual QString foldSearchText(const QString &text) const = 0;
    // The LIKE pattern for "contains `text`", with the wildcards the user typed escaped by a backslash (the
    // escape likeIgnoringCase() declares), so that % and _ match themselves.
    static QString containsPattern(const QString &text);
    // A condition true when `column` (quoted) starts with `text`, at least as the column compares (exact
    // case where its collation sees case), written so that the index Django makes on a unique text column
    // serves it as one range scan whatever the collation; its values go into `values` under names starting
    // with `placeholder`. Empty when no such range exists. By default a half-open range of the column.
    virtual QString startsWith(const QString &column, const QString &text, const QString &placeholder,
                               QVariantMap *values) const;
    // An ORDER BY term walking `column` in the order of the index startsWith() uses, so that a LIMIT ends
    // the range scan early.
    virtual QString inPrefixIndexOrder(const QString &column) const { return column; }
    // The operators of the default startsWith() range, at least and below: those of the column's own order.
    virtual QString prefixRangeOperators(QString *below) const
    {
        *below = QStringLiteral("<");
        return QStringLiteral(">=");
    }
    // The least text above every text starting with `text` in code point order (UTF-8's byte order):
    // `text` with its last code point raised by one; empty when there is none.
    static QString prefixUpperBound(const QString &text);
    // "The user whose key is `userKey` has no row in `profileTable` (aliased `alias`) whose `linkColumn`
    // is that key", written as one probe of the link column's index per user, for a statement that walks the
    // users in key order and stops after a page, and for a page's flags. The arguments are quoted SQL.
    // NOT EXISTS by default; an engine whose planner may turn that into an anti-join over both whole tables
    // writes it in a shape it cannot.
    virtual QString probedMissingProfile(const QString &profileTable, const QString &alias,
                                         const QString &linkColumn, const QString &userKey) const;
    // The FROM clause (and WHERE) that reads the rows of `userTable` (quoted), aliased `u`, whose key
    // (`userKey`, quoted) a page's `keysQuery` returns as its one column: a join on the keys by default; an
    // engine whose planner may scan the whole table for that join reads them through the key's index.
    virtual QString pageRowsByKeys(const QString &userTable, const QString &userKey,
                                   const QString &keysQuery) const;
    // Where ORDER BY puts NULLs in this direction when the statement does not say.
    virtual bool sortsNullsFirst(bool descending) const = 0;
    // A value as bound for writing it to a column of `family` (e.g. text dates on SQLite, as Django does).
    virtual QVariant toStorage(const QVariant &value, ColumnFamily family) const;
    // `value` (as toStorage() gives it) as an SQL literal for a script file, which this engine reads back as
    // the same value a bound parameter would give; an empty string, with `error` set, for a value no literal
    // of this engine can carry.
    virtual QString sqlLiteral(const QVariant &value, ColumnFamily family,
                               QString *error = nullptr) const = 0;
    // The statement a script file starts with so that the engine's own client reads it as UTF-8 whatever its
    // locale says; empty when the client always does.
    virtual QString scriptEncoding() const { return {}; }
    // A condition true when the column `left` still holds the value `right` (a literal of a value read from
    // it) or both are NULL, at the precision the driver reads values of `family` with.
    virtual QString notDistinct(const QString &left, const QString &right,
                                ColumnFamily family = ColumnFamily::Other) const;

    // ---- Transactions and locking
    // The statements that begin the transaction creating profiles in bulk, in order: beginBulkInsert() runs
    // them, and a script of the fix-up (FixScript) starts with them.
    virtual QStringList bulkInsertStatements() const = 0;
    // The session settings prepareKeyRangeBatches() runs, in order, likewise written into scripts.
    virtual QStringList keyRangeBatchStatements() const { return {}; }
    // Run after keyRangeBatchStatements() in each transaction of an online fix-up, whose batches are chosen
    // by keyset (the next users after a key that lack a profile, LIMIT n).
    virtual QStringList keysetBatchStatements() const { return {}; }
    // Begins the transaction that creates profiles in bulk.
    virtual bool beginBulkInsert(QSqlQuery &control) const;
    // Called after beginBulkInsert() when the profiles are created in key-range batches: makes every batch's
    // plan linear in the batch whatever the planner's statistics say (none at all after a restore).
    virtual bool prepareKeyRangeBatches(QSqlQuery &control) const;
    // Whether inserting into a table in several statements of one transaction can deadlock a site's own
    // single-row INSERT into it; then the bulk insert runs one statement per table.
    virtual bool batchesDeadlockSiteInserts(const QSqlDatabase &) const { return false; }
    // Begins the transaction that checks and saves edited profile rows.
    virtual bool beginRowUpdate(QSqlQuery &control) const = 0;
    // Appended to the SELECT that checks rows before they are updated in the same transaction.
    virtual QString lockRowsClause() const = 0;
    // Whether a ROLLBACK that fails after an error means the connection is gone (rather than the engine
    // having rolled back by itself).
    virtual bool rollbackFailureMeansLost() const = 0;

    // ---- Streaming replicas (online fix-up); by default the engine knows of none
    // One row, one integer: the server's current write-ahead log position, as a byte count.
    virtual QString walPositionQuery() const { return {}; }
    // One row per streaming replica: whether this role may see its replay position, and that position in
    // walPositionQuery()'s unit (NULL when not visible).
    virtual QString replicaPositionsQuery() const { return {}; }
    // The sentence saying what a role needs to see the replicas' replay positions.
    virtual QString replicaPositionsPrivilege() const { return {}; }

    // ---- Catalog
    // The user's tables, in a stable order (PostgreSQL's public schema first).
    virtual CatalogRows<TableName> tables(const QSqlDatabase &db) const = 0;
    // A statement that answers from the catalog, at once, about how many rows `table` has (one number, or
    // none or a negative one when the server keeps no estimate), its values put into `values`: Ctrl+End
    // reaches the end of a big table with it before the exact count arrives. Empty where the engine keeps
    // no estimate.
    virtual QString estimatedRowsStatement(const TableName &, QVariantMap *) const { return {}; }
    // Single-column foreign keys, flagged one-to-one when their column is unique on its own.
    virtual CatalogRows<ForeignKey> foreignKeys(const QSqlDatabase &db) const = 0;
    // The columns of `table` in their order, with types, families, defaults and keys.
    virtual CatalogRows<ColumnInfo> columns(const QSqlDatabase &db, const TableName &table) const = 0;

    // ---- Write access
    struct WriteProblems
    {
        QString create; // why profiles cannot be created; empty when they may
        QString edit;   // why profiles cannot be changed; empty when they may
    };
    // What the role behind `db` may not do to the profile table, asked of the engine's privilege system
    // beyond the connection's read-only reason; nothing where the engine has none.
    virtual WriteProblems writeProblems(const QSqlDatabase &db, const ProfileSchema &schema) const;

protected:
    DatabaseEngine() = default;
    // The package that brings Qt's driver for this engine.
    virtual QString driverPackage() const = 0;
    // The length n of a varchar(n)-like type, or -1.
    static int lengthFromType(const QString &sqlType);
    // 'text' with embedded quotes doubled: the SQL standard's string literal.
    static QString quotedText(const QString &text);
    // An integer or a finite floating-point value as an SQL number, or an empty string for any other value.
    static QString numberLiteral(const QVariant &value);
};

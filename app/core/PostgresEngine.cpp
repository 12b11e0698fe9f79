#include "PostgresEngine.h"

#include "Connection.h"

#include <QDate>
#include <QDateTime>
#include <QSqlQuery>
#include <QStringList>
#include <QUuid>

#include <cmath>

bool PostgresEngine::open(QSqlDatabase &db, const DatabaseUrl &url, bool readOnly, OpenState *state) const
{
    db.setDatabaseName(url.databaseName());
    if (!url.host().isEmpty())
        db.setHostName(url.host());
    if (url.port() > 0)
        db.setPort(url.port());
    if (!url.user().isEmpty())
        db.setUserName(url.user());
    if (!url.password().isEmpty())
        db.setPassword(url.password());
    auto urlOptions = url.options();
    if (!urlOptions.contains(QStringLiteral("connect_timeout")))
        urlOptions.insert(QStringLiteral("connect_timeout"),
                          QString::number(DatabaseUrl::DefaultConnectTimeout));
    if (!urlOptions.contains(QStringLiteral("application_name")))
        urlOptions.insert(QStringLiteral("application_name"), QStringLiteral("profile-admin"));
    QStringList options;
    for (auto it = urlOptions.cbegin(); it != urlOptions.cend(); ++it)
        options << it.key() + QLatin1Char('=') + it.value();
    db.setConnectOptions(options.join(QLatin1Char(';')));
    if (!db.open()) {
        state->error = openError(db.lastError(), url);
        // libpq: "fe_sendauth: no password supplied", "password authentication failed for user ...".
        state->passwordRequired =
            db.lastError().text().contains(QLatin1String("password"), Qt::CaseInsensitive);
        return false;
    }

    QSqlQuery q(db);
    // Qt installs no notice processor, so libpq would print every server NOTICE or WARNING (a trigger's
    // RAISE NOTICE, "terminating connection due to immediate shutdown command") straight to stderr, where
    // the CLI keeps its own one-sentence errors. Errors still arrive as QSqlErrors.
    q.exec(QStringLiteral("SET client_min_messages TO error"));
    if (readOnly) {
        if (!q.exec(QStringLiteral("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY"))) {
            state->error = QStringLiteral("Could not open %1 read-only: %2.")
                               .arg(url.toDisplayString(), SqlFailure(q.lastError(), *this).message());
            return false;
        }
        return true;
    }
    // A standby, or a role or database with default_transaction_read_only, accepts no write at all; say so
    // before anything tries.
    if (q.exec(QStringLiteral("SELECT pg_is_in_recovery(), current_setting('transaction_read_only')")) &&
        q.next()) {
        if (q.value(0).toBool())
            state->readOnlyReason = QStringLiteral("the server is a read-only standby");
        else if (q.value(1).toString() == QLatin1String("on"))
            state->readOnlyReason =
                QStringLiteral("the session is read-only (default_transaction_read_only is on for "
                               "this role or database)");
    }
    return true;
}

QString PostgresEngine::openError(const QSqlError &error, const DatabaseUrl &url) const
{
    const QString where = url.toDisplayString();
    const QString message = SqlFailure(error, *this).message();
    if (message.contains(QLatin1String("timeout expired"))) {
        const QString seconds = url.options().value(QStringLiteral("connect_timeout"),
                                                    QString::number(DatabaseUrl::DefaultConnectTimeout));
        return QStringLiteral(
                   "Could not open %1: no answer within the connect timeout of %2 s; check the host, "
                   "the port and any firewall, or raise connect_timeout in the URL.")
            .arg(where, seconds);
    }
    if (message.contains(QLatin1String("password authentication failed")) ||
        message.contains(QLatin1String("no password supplied")))
        return QStringLiteral("Could not open %1: %2; check the user name and password (prefer ~/.pgpass or "
                              "PGPASSWORD to a password in the URL).")
            .arg(where, message);
    return QStringLiteral("Could not open %1: %2.").arg(where, message);
}

SqlFailure::Kind PostgresEngine::classify(const QSqlError &error) const
{
    const QString sqlState = error.nativeErrorCode();
    const QString text = error.databaseText();
    // Class 08: connection exception; 57P01-57P03: the server is shutting down or terminated the backend.
    if (sqlState.startsWith(QLatin1String("08")) || sqlState == QLatin1String("57P01") ||
        sqlState == QLatin1String("57P02") || sqlState == QLatin1String("57P03"))
        return SqlFailure::Kind::ConnectionLost;
    if (sqlState == QLatin1String("42501"))
        return SqlFailure::Kind::PermissionDenied;
    if (sqlState == QLatin1String("25006"))
        return SqlFailure::Kind::ReadOnly;
    // Class 23: integrity constraint violation; 22001: value too long for the column.
    if (sqlState.startsWith(QLatin1String("23")) || sqlState == QLatin1String("22001"))
        return SqlFailure::Kind::Constraint;
    // libpq gives no SQLSTATE when the socket simply closed; these are its own words for that.
    if (sqlState.isEmpty() && (text.contains(QLatin1String("server closed the connection")) ||
                               text.contains(QLatin1String("no connection to the server")) ||
                               text.contains(QLatin1String("connection to server was lost")) ||
                               text.contains(QLatin1String("terminating connection"))))
        return SqlFailure::Kind::ConnectionLost;
    return SqlFailure::Kind::Other;
}

QString PostgresEngine::castParameter(const QString &placeholder, const QString &sqlType) const
{
    // PostgreSQL cannot infer a parameter's type inside a SELECT list; the type comes from its catalog.
    return QStringLiteral("CAST(%1 AS %2)").arg(placeholder, sqlType);
}

QString PostgresEngine::perRowExpression(ColumnFamily family, const QString &sqlType) const
{
    const bool withZone = sqlType.contains(QLatin1String("with time zone"));
    switch (family) {
    case ColumnFamily::DateTime:
        return withZone ? QStringLiteral("CURRENT_TIMESTAMP") : QStringLiteral("LOCALTIMESTAMP");
    case ColumnFamily::Date:
        return QStringLiteral("CURRENT_DATE");
    case ColumnFamily::Time:
        return withZone ? QStringLiteral("CURRENT_TIME") : QStringLiteral("LOCALTIME");
    case ColumnFamily::Uuid:
        return QStringLiteral("gen_random_uuid()");
    case ColumnFamily::Binary:
        return QStringLiteral("CAST('' AS bytea)");
    default:
        return {};
    }
}

QString PostgresEngine::likeIgnoringCase(const QString &expression, const QString &placeholder) const
{
    // lower() LIKE a lowered pattern ignores case as ILIKE does, and scans a third faster.
    return QStringLiteral("lower(%1) LIKE %2 ESCAPE '\\'").arg(expression, placeholder);
}

QStringList PostgresEngine::bulkInsertStatements() const
{
    // Django makes its foreign keys DEFERRABLE INITIALLY DEFERRED, so PostgreSQL would run every new
    // profile's link check at COMMIT: about half of the work (1,000,000 users: ~2 s of ~4 s), after the last
    // progress report and beyond the reach of cancel. Checked per statement instead, the work happens inside
    // the batches, for the same total time; the transaction holds nothing but these INSERTs, so no check that
    // would pass at COMMIT can fail earlier.
    return {QStringLiteral("BEGIN"), QStringLiteral("SET CONSTRAINTS ALL IMMEDIATE")};
}

QStringList PostgresEngine::keyRangeBatchStatements() const
{
    // A table without statistics (just restored, or filled in bulk: nothing has run ANALYZE yet) makes the
    // planner guess one user per batch, and it then picks a nested loop that rescans the batch's whole range
    // of profiles for every user: quadratic (4,000 users: 6 million rows thrown away by the join filter).
    // With the range on both sides, the hash and merge anti-joins left are linear in the batch, and with
    // statistics the planner already picks one of them. The setting is local to this transaction, changes no
    // result and nothing the user keeps, and running ANALYZE on their database instead would not be ours to
    // do.
    return {QStringLiteral("SET LOCAL enable_nestloop = off")};
}

bool PostgresEngine::beginRowUpdate(QSqlQuery &control) const
{
    // A row someone else keeps locked fails the save after the same wait SQLite has, instead of freezing the
    // window until they are done.
    return control.exec(QStringLiteral("BEGIN")) &&
           control.exec(QStringLiteral("SET LOCAL lock_timeout = %1").arg(Connection::lockTimeoutMs()));
}

QString PostgresEngine::sqlLiteral(const QVariant &value, ColumnFamily /*family*/, QString *error) const
{
    if (value.isNull())
        return QStringLiteral("NULL");
    const QString number = numberLiteral(value);
    if (!number.isEmpty())
        return number;
    const auto typed = [](const QString &text, const char *type) {
        return QStringLiteral("CAST(%1 AS %2)").arg(quotedText(text), QLatin1String(type));
    };
    switch (value.typeId()) {
    case QMetaType::Bool:
        return value.toBool() ? QStringLiteral("TRUE") : QStringLiteral("FALSE");
    case QMetaType::Double:
    case QMetaType::Float: {
        const double infinite = value.toDouble();
        if (std::isnan(infinite))
            return typed(QStringLiteral("NaN"), "double precision");
        return typed(infinite > 0 ? QStringLiteral("Infinity") : QStringLiteral("-Infinity"),
                     "double precision");
    }
    case QMetaType::QDate:
        return typed(value.toDate().toString(Qt::ISODate), "date");
    case QMetaType::QDateTime:
        // In UTC with its zone, as Qt's driver binds a QDateTime: right for columns with and without a zone.
        return typed(value.toDateTime().toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz")) +
                         QLatin1Char('Z'),
                     "timestamp with time zone");
    case QMetaType::QTime:
        return typed(value.toTime().toString(QStringLiteral("HH:mm:ss.zzz")), "time");
    case QMetaType::QByteArray:
        // Hex digits through decode() read the same whatever standard_conforming_strings says.
        return QStringLiteral("decode('%1', 'hex')").arg(QString::fromLatin1(value.toByteArray().toHex()));
    case QMetaType::QUuid:
        return typed(value.toUuid().toString(QUuid::WithoutBraces), "uuid");
    default:
        break;
    }
    const QString text = value.toString();
    if (text.contains(QChar(0))) {
        if (error)
            *error = QStringLiteral("PostgreSQL text cannot hold the NUL character.");
        return {};
    }
    // An escape string literal reads backslashes the same whatever standard_conforming_strings says.
    if (text.contains(QLatin1Char('\\'))) {
        QString escaped = text;
        escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
        return QLatin1Char('E') + quotedText(escaped);
    }
    return quotedText(text);
}

QString PostgresEngine::prefixRangeOperators(QString *below) const
{
    // Django's varchar_pattern_ops index (<table>_<column>_<hash>_like) compares bytes, as these operators
    // do, so it serves the range in any collation; LIKE would too, but only in a plan that knows the pattern,
    // and a prepared statement may be planned without its values.
    *below = QStringLiteral("~<~");
    return QStringLiteral("~>=~");
}

QString PostgresEngine::inPrefixIndexOrder(const QString &column) const
{
    return column + QStringLiteral(" USING ~<~");
}

QString PostgresEngine::probedMissingProfile(const QString &profileTable, const QString &alias,
                                             const QString &linkColumn, const QString &userKey) const
{
    // NOT EXISTS becomes an anti-join, which without statistics hashes both whole tables for one page; a
    // scalar subquery stays a per-user probe, and IS DISTINCT FROM has no statistics ever, so the planner
    // always guesses it lets most users through and walks the key's index until the page is full.
    return QStringLiteral("(SELECT 1 FROM %1 %2 WHERE %2.%3 = %4 LIMIT 1) IS DISTINCT FROM 1")
        .arg(profileTable, alias, linkColumn, userKey);
}

QString PostgresEngine::pageRowsByKeys(const QString &userTable, const QString &userKey,
                                       const QString &keysQuery) const
{
    // A join on the page's keys may hash the whole user table when the planner misjudges its size; an array
    // of keys is always an index lookup.
    return QStringLiteral("FROM %1 u WHERE u.%2 = ANY (ARRAY(%3))").arg(userTable, userKey, keysQuery);
}

QString PostgresEngine::notDistinct(const QString &left, const QString &right, ColumnFamily family) const
{
    // PostgreSQL keeps microseconds, Qt's driver reads milliseconds: a time read and written back as a
    // literal is within a millisecond of the stored one, which is as close as the grid can tell.
    const bool timed = family == ColumnFamily::DateTime || family == ColumnFamily::Time;
    if (timed && right != QLatin1String("NULL"))
        return QStringLiteral("(%1 > %2 - INTERVAL '1 millisecond' AND %1 < %2 + INTERVAL '1 millisecond')")
            .arg(left, right);
    return DatabaseEngine::notDistinct(left, right, family);
}

QString PostgresEngine::walPositionQuery() const
{
    // The write position is what walsenders can send; bytes since 0/0 compare as plain integers.
    return QStringLiteral("SELECT (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint");
}

QString PostgresEngine::replicaPositionsQuery() const
{
    // A role without pg_read_all_stats sees the rows but NULL in every column but a few: state tells. Base
    // backups being taken stream WAL too, but replay nothing.
    return QStringLiteral("SELECT state IS NOT NULL, (replay_lsn - '0/0'::pg_lsn)::bigint "
                          "FROM pg_stat_replication WHERE state IS DISTINCT FROM 'backup'");
}

QString PostgresEngine::replicaPositionsPrivilege() const
{
    return QStringLiteral("this role may not read the replay positions in pg_stat_replication (grant it "
                          "pg_monitor or pg_read_all_stats)");
}

QStringList PostgresEngine::keysetBatchStatements() const
{
    // Without statistics the planner hashes, or sorts, every user and profile after the keyset for each
    // batch (4,000 users: 3,500 to 6,500 rows for a batch of 100). Left with a merge anti-join over the two
    // indexes in key order, it walks both from the keyset and stops at the batch's LIMIT, as it chooses by
    // itself once the tables are analysed.
    return {QStringLiteral("SET LOCAL enable_hashjoin = off"), QStringLiteral("SET LOCAL enable_sort = off")};
}

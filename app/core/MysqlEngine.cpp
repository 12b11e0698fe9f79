#include "MysqlEngine.h"

#include "Connection.h"
#include "MysqlOptionFiles.h"

#include <QDate>
#include <QDateTime>
#include <QSet>
#include <QSqlQuery>
#include <QStringList>
#include <QUuid>

#include <cmath>

namespace {

// The lock timeout in whole seconds, as innodb_lock_wait_timeout takes it, never shorter than asked.
int lockTimeoutSeconds(int milliseconds)
{
    return (qMax(0, milliseconds) + 999) / 1000;
}

// A text literal that reads back the same whatever the session's sql_mode says about backslashes: plain
// quoting where there is none, hexadecimal UTF-8 otherwise.
QString textLiteral(const QString &text)
{
    if (!text.contains(QLatin1Char('\\')) && !text.contains(QChar(0))) {
        QString quoted = text;
        quoted.replace(QLatin1Char('\''), QLatin1String("''"));
        return QLatin1Char('\'') + quoted + QLatin1Char('\'');
    }
    return QStringLiteral("CONVERT(X'%1' USING utf8mb4)").arg(QString::fromLatin1(text.toUtf8().toHex()));
}

// What a collision on another unique column says (see conflictGuard()).
const char CollisionMessage[] = "a new profile collides with an existing row on a unique column other than "
                                "the link; give that column a value that differs for every profile";

QString sslMode(const DatabaseUrl &url)
{
    return url.options().value(QStringLiteral("ssl-mode")).toUpper();
}

} // namespace

QString MysqlEngine::strictModeStatement()
{
    return QStringLiteral("SET SESSION sql_mode = 'STRICT_TRANS_TABLES,STRICT_ALL_TABLES,NO_ZERO_IN_DATE,"
                          "NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION', "
                          "SESSION time_zone = '+00:00'");
}

QString MysqlEngine::sessionSetup(int lockTimeoutMs)
{
    const int seconds = lockTimeoutSeconds(lockTimeoutMs);
    return strictModeStatement() + QStringLiteral(", SESSION innodb_lock_wait_timeout = %1, "
                                                  "SESSION lock_wait_timeout = %2")
                                       .arg(seconds)
                                       .arg(qMax(1, seconds));
}

bool MysqlEngine::open(QSqlDatabase &db, const DatabaseUrl &url, bool readOnly, OpenState *state) const
{
    // Parts the URL leaves empty come from the option files' [client] groups, as the mysql client takes them.
    const MysqlClientOptions defaults = MysqlOptionFiles::read(MysqlOptionFiles::defaultFiles());
    const auto pick = [](const QString &given, const QString &fallback) {
        return given.isEmpty() ? fallback : given;
    };
    db.setDatabaseName(pick(url.databaseName(), defaults.database));
    const QString host = pick(url.host(), defaults.host);
    if (!host.isEmpty())
        db.setHostName(host);
    const int port = url.port() > 0 ? url.port() : defaults.port;
    if (port > 0)
        db.setPort(port);
    const QString user = pick(url.user(), defaults.user);
    if (!user.isEmpty())
        db.setUserName(user);
    const QString password = pick(url.password(), defaults.password);
    if (!password.isEmpty())
        db.setPassword(password);
    const auto urlOptions = url.options();
    QStringList options{QStringLiteral("MYSQL_OPT_CONNECT_TIMEOUT=%1")
                            .arg(urlOptions.value(QStringLiteral("connect_timeout"),
                                                  QString::number(DatabaseUrl::DefaultConnectTimeout)))};
    const QString socket = pick(urlOptions.value(QStringLiteral("unix_socket")), defaults.socket);
    if (!socket.isEmpty())
        options << QStringLiteral("UNIX_SOCKET=") + socket;
    const QString mode = sslMode(url);
    if (mode == QLatin1String("REQUIRED"))
        options << QStringLiteral("CLIENT_SSL=1");
    db.setConnectOptions(options.join(QLatin1Char(';')));
    if (!db.open()) {
        state->error = openError(db.lastError(), url);
        // 1045: access denied for user (using password: NO/YES).
        state->passwordRequired = db.lastError().nativeErrorCode() == QLatin1String("1045");
        return false;
    }

    QSqlQuery q(db);
    if (!q.exec(sessionSetup(Connection::lockTimeoutMs()))) {
        state->error = QStringLiteral("Could not set up the session on %1: %2.")
                           .arg(url.toDisplayString(), SqlFailure(q.lastError(), *this).message());
        db.close();
        return false;
    }
    if (mode == QLatin1String("REQUIRED") &&
        (!q.exec(QStringLiteral("SHOW SESSION STATUS LIKE 'Ssl_cipher'")) || !q.next() ||
         q.value(1).toString().isEmpty())) {
        state->error = QStringLiteral("Could not open %1 with ssl-mode=REQUIRED: the connection is not "
                                      "encrypted (the server offers no TLS).")
                           .arg(url.toDisplayString());
        db.close();
        return false;
    }
    if (readOnly) {
        if (!q.exec(QStringLiteral("SET SESSION TRANSACTION READ ONLY"))) {
            state->error = QStringLiteral("Could not open %1 read-only: %2.")
                               .arg(url.toDisplayString(), SqlFailure(q.lastError(), *this).message());
            return false;
        }
        return true;
    }
    // A replica or a server started with read_only accepts no write from an ordinary user; say so before
    // anything tries.
    if (q.exec(QStringLiteral("SELECT @@GLOBAL.read_only, @@SESSION.tx_read_only")) && q.next()) {
        if (q.value(0).toInt() != 0)
            state->readOnlyReason = QStringLiteral("the server is read-only (read_only is on)");
        else if (q.value(1).toInt() != 0)
            state->readOnlyReason = QStringLiteral("the session is read-only (tx_read_only is on)");
    }
    return true;
}

QString MysqlEngine::openError(const QSqlError &error, const DatabaseUrl &url) const
{
    const QString where = url.toDisplayString();
    const QString message = SqlFailure(error, *this).message();
    const QString code = error.nativeErrorCode();
    // 2002/2003: no server on the socket or the host and port; 2013/4031: no answer in time.
    if (code == QLatin1String("2003") || code == QLatin1String("2002") || code == QLatin1String("2013")) {
        const QString seconds = url.options().value(QStringLiteral("connect_timeout"),
                                                    QString::number(DatabaseUrl::DefaultConnectTimeout));
        return QStringLiteral("Could not open %1: %2; check the host, the port (or the socket) and any "
                              "firewall, and that the server is running (connect timeout %3 s).")
            .arg(where, message, seconds);
    }
    if (code == QLatin1String("1045"))
        return QStringLiteral("Could not open %1: %2; check the user name and password (prefer ~/.my.cnf to "
                              "a password in the URL).")
            .arg(where, message);
    if (code == QLatin1String("1049"))
        return QStringLiteral("Could not open %1: %2; check the database name.").arg(where, message);
    return QStringLiteral("Could not open %1: %2.").arg(where, message);
}

SqlFailure::Kind MysqlEngine::classify(const QSqlError &error) const
{
    static const QSet<QString> lost{QStringLiteral("2006"), // server has gone away
                                    QStringLiteral("2013"), // lost connection during query
                                    QStringLiteral("2055"), // lost connection (system error)
                                    QStringLiteral("1927"), // connection was killed (MariaDB)
                                    QStringLiteral("1053"), // server shutdown in progress
                                    QStringLiteral("4031"), // disconnected for inactivity
                                    QStringLiteral("2002"), QStringLiteral("2003")};
    static const QSet<QString> denied{QStringLiteral("1142"), QStringLiteral("1143"), QStringLiteral("1044"),
                                      QStringLiteral("1227"), QStringLiteral("1370")};
    static const QSet<QString> readOnly{QStringLiteral("1290"), QStringLiteral("1792"),
                                        QStringLiteral("1836")};
    static const QSet<QString> constraint{
        QStringLiteral("1062"), QStringLiteral("1586"), QStringLiteral("1048"), QStringLiteral("1364"),
        QStringLiteral("1451"), QStringLiteral("1452"), QStringLiteral("1216"), QStringLiteral("1217"),
        QStringLiteral("4025"), QStringLiteral("3819"), QStringLiteral("1406"), QStringLiteral("1264"),
        QStringLiteral("1366"), QStringLiteral("1292"), QStringLiteral("1265")};
    const QString code = error.nativeErrorCode();
    if (lost.contains(code))
        return SqlFailure::Kind::ConnectionLost;
    if (denied.contains(code))
        return SqlFailure::Kind::PermissionDenied;
    if (readOnly.contains(code))
        return SqlFailure::Kind::ReadOnly;
    if (constraint.contains(code))
        return SqlFailure::Kind::Constraint;
    return SqlFailure::Kind::Other;
}

QString MysqlEngine::quoteIdentifier(const QString &identifier) const
{
    QString quoted = identifier;
    quoted.replace(QLatin1Char('`'), QLatin1String("``"));
    return QLatin1Char('`') + quoted + QLatin1Char('`');
}

QString MysqlEngine::castParameter(const QString &placeholder, const QString & /*sqlType*/) const
{
    // A bound value takes the column's type on INSERT, and strict mode refuses one that does not fit.
    return placeholder;
}

QString MysqlEngine::conflictGuard(const QString &quotedLinkColumn) const
{
    // MySQL names no conflict target, and ON DUPLICATE KEY fires on any unique key: the update is a no-op
    // where the row found is that user's profile already, and an error otherwise (a new profile colliding on
    // another unique column), so no user is ever silently kept missing and no after-check is needed (it cost
    // as much as the INSERT). The failing CAST gives the error its words in strict mode, the two-row subquery
    // makes it an error in any mode. INSERT IGNORE would also turn NOT NULL, CHECK and bad-value errors into
    // warnings.
    return QStringLiteral(" ON DUPLICATE KEY UPDATE %1 = IF(%1 <=> VALUES(%1), %1, (SELECT CAST('%2' AS "
                          "SIGNED) UNION ALL SELECT NULL))")
        .arg(quotedLinkColumn, QLatin1String(CollisionMessage));
}

QString MysqlEngine::perRowExpression(ColumnFamily family, const QString &sqlType) const
{
    // The session runs in UTC, which is how Django stores datetimes on MySQL.
    switch (family) {
    case ColumnFamily::DateTime:
        return QStringLiteral("CURRENT_TIMESTAMP(6)");
    case ColumnFamily::Date:
        return QStringLiteral("CURRENT_DATE");
    case ColumnFamily::Time:
        return QStringLiteral("CURRENT_TIME(6)");
    case ColumnFamily::Uuid:
        // Django keeps UUIDs in char(32) without dashes; MariaDB's own uuid type takes UUID() as it is.
        return sqlType.startsWith(QLatin1String("uuid"), Qt::CaseInsensitive)
                   ? QStringLiteral("UUID()")
                   : QStringLiteral("REPLACE(UUID(), '-', '')");
    case ColumnFamily::Binary:
        return QStringLiteral("X''");
    default:
        return {};
    }
}

QString MysqlEngine::likeIgnoringCase(const QString &expression, const QString &placeholder) const
{
    // The session's sql_mode keeps backslash escapes on, so '\\' is the one backslash LIKE escapes with;
    // LOWER() makes a binary or case-sensitive collation ignore case too.
    return QStringLiteral("LOWER(%1) LIKE %2 ESCAPE '\\\\'").arg(expression, placeholder);
}

QString MysqlEngine::startsWith(const QString &column, const QString &text, const QString &placeholder,
                                QVariantMap *values) const
{
    // A LIKE with a fixed start is a range of the column's index in the column's own collation, which for
    // Django's tables ignores case; a range of bounds would not be, since such collations do not sort by
    // code point.
    QString pattern = containsPattern(text);
    pattern.remove(0, 1);
    values->insert(placeholder + QStringLiteral("_pattern"), pattern);
    return QStringLiteral("%1 LIKE %2_pattern ESCAPE '\\\\'").arg(column, placeholder);
}

QVariant MysqlEngine::toStorage(const QVariant &value, ColumnFamily family) const
{
    // Django's own forms on MySQL: UTC datetimes without an offset, booleans as 0/1, UUIDs as 32 hex digits.
    if (value.isNull())
        return value;
    if (family == ColumnFamily::DateTime && value.typeId() == QMetaType::QDateTime) {
        // Qt's driver reads a datetime column as local time, but its wall time is Django's UTC: kept as read.
        const QDateTime moment = value.toDateTime();
        return (moment.timeSpec() == Qt::LocalTime ? moment : moment.toUTC())
            .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
    }
    if (family == ColumnFamily::Date && value.typeId() == QMetaType::QDate)
        return value.toDate().toString(Qt::ISODate);
    if (family == ColumnFamily::Boolean && value.typeId() == QMetaType::Bool)
        return value.toBool() ? 1 : 0;
    if (family == ColumnFamily::Uuid && value.typeId() == QMetaType::QUuid)
        return value.toUuid().toString(QUuid::Id128);
    return value;
}

QString MysqlEngine::sqlLiteral(const QVariant &value, ColumnFamily family, QString *error) const
{
    if (value.isNull())
        return QStringLiteral("NULL");
    const QString number = numberLiteral(value);
    if (!number.isEmpty())
        return number;
    switch (value.typeId()) {
    case QMetaType::Bool:
        return value.toBool() ? QStringLiteral("1") : QStringLiteral("0");
    case QMetaType::Double:
    case QMetaType::Float:
        if (error)
            *error = QStringLiteral("MySQL and MariaDB cannot store infinity or NaN.");
        return {};
    case QMetaType::QDate:
    case QMetaType::QDateTime:
        return textLiteral(
            toStorage(value, value.typeId() == QMetaType::QDate ? ColumnFamily::Date : ColumnFamily::DateTime)
                .toString());
    case QMetaType::QTime:
        return textLiteral(value.toTime().toString(QStringLiteral("HH:mm:ss.zzz")));
    case QMetaType::QByteArray:
        return QStringLiteral("X'%1'").arg(QString::fromLatin1(value.toByteArray().toHex()));
    case QMetaType::QUuid:
        return textLiteral(toStorage(value, ColumnFamily::Uuid).toString());
    default:
        break;
    }
    Q_UNUSED(family)
    return textLiteral(value.toString());
}

QString MysqlEngine::notDistinct(const QString &left, const QString &right, ColumnFamily family) const
{
    // datetime(6) keeps microseconds, Qt's driver reads milliseconds: a time read and written back as a
    // literal is within a millisecond of the stored one, which is as close as the grid can tell.
    const bool timed = family == ColumnFamily::DateTime || family == ColumnFamily::Time;
    if (timed && right != QLatin1String("NULL")) {
        const QString type =
            family == ColumnFamily::Time ? QStringLiteral("TIME(6)") : QStringLiteral("DATETIME(6)");
        return QStringLiteral("(%1 > CAST(%2 AS %3) - INTERVAL 1000 MICROSECOND AND %1 < CAST(%2 AS %3) + "
                              "INTERVAL 1000 MICROSECOND)")
            .arg(left, right, type);
    }
    return QStringLiteral("%1 <=> %2").arg(left, right);
}

QStringList MysqlEngine::bulkInsertStatements() const
{
    // The session was made strict when it opened; the mode is repeated here so that a script of the fix-up,
    // run by the mysql client, refuses bad values too instead of storing them with a warning. The lock
    // timeout stays what the session set: a lock someone else keeps fails the run after
    // innodb_lock_wait_timeout. READ COMMITTED, as Django's own sessions run: under REPEATABLE READ, INSERT
    // ... SELECT keeps shared next-key locks on every user it reads, which would hold the site's own writes
    // to them back.
    return {strictModeStatement(), QStringLiteral("SET TRANSACTION ISOLATION LEVEL READ COMMITTED"),
            QStringLiteral("START TRANSACTION")};
}

bool MysqlEngine::batchesDeadlockSiteInserts(const QSqlDatabase &db) const
{
    // Below mode 2 every INSERT ... SELECT holds the table's AUTO_INCREMENT lock to its end, and a site's
    // INSERT that queued for it takes it at the end of one batch, then waits for a profile the run already
    // wrote: the run's next batch waits for that lock and InnoDB fails one of the two. When the mode cannot
    // be read, the safe answer is yes.
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT @@innodb_autoinc_lock_mode")) || !q.next())
        return true;
    return q.value(0).toInt() < 2;
}

bool MysqlEngine::beginRowUpdate(QSqlQuery &control) const
{
    return control.exec(QStringLiteral("START TRANSACTION"));
}

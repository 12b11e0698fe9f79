#include "SqliteEngine.h"

#include "Connection.h"

#include <QDate>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QSqlQuery>
#include <QStringList>
#include <QUuid>

#include <cmath>

namespace {

// SQLite's primary result codes (sqlite3.h). The code Qt's driver reports may be an extended result code
// (1299 for a NOT NULL failure), whose low byte is the primary one (19, CONSTRAINT).
enum SqliteCode {
    SqlitePerm = 3,
    SqliteBusy = 5,
    SqliteLocked = 6,
    SqliteReadOnly = 8,
    SqliteCorrupt = 11,
    SqliteCantOpen = 14,
    SqliteConstraint = 19,
    SqliteAuth = 23,
    SqliteNotADb = 26
};

} // namespace

bool SqliteEngine::looksLikeSqlite(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("Cannot read \"%1\": %2.").arg(path, file.errorString());
        return false;
    }
    const QByteArray header = file.read(16);
    if (header.isEmpty()) {
        *error = QStringLiteral("\"%1\" is an empty file, not an SQLite database.").arg(path);
        return false;
    }
    if (header != QByteArray("SQLite format 3\0", 16)) {
        *error = QStringLiteral("\"%1\" is not an SQLite database (its header is wrong).").arg(path);
        return false;
    }
    return true;
}

bool SqliteEngine::open(QSqlDatabase &db, const DatabaseUrl &url, bool /*readOnly*/, OpenState *state) const
{
    const QString path = url.filePath();
    if (!looksLikeSqlite(path, &state->error))
        return false;
    // SQLite itself would fall back to reading a file it may not write and fail only at the first write
    // ("attempt to write a readonly database"), and a folder it may not write breaks the journal at commit
    // time. Finding out here lets the front ends say so up front and open the file read-only.
    QString &readOnlyReason = state->readOnlyReason;
    const QFileInfo file(path);
    if (readOnlyReason.isEmpty() && !file.isWritable())
        readOnlyReason = QStringLiteral("the file %1 is read-only for this user").arg(path);
    else if (readOnlyReason.isEmpty() && !QFileInfo(file.absolutePath()).isWritable())
        readOnlyReason = QStringLiteral("the folder %1 is read-only for this user, so SQLite cannot create "
                                        "the journal it writes through")
                             .arg(file.absolutePath());

    db.setDatabaseName(path);
    QStringList options{QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(Connection::lockTimeoutMs())};
    if (!readOnlyReason.isEmpty())
        options << QStringLiteral("QSQLITE_OPEN_READONLY");
    db.setConnectOptions(options.join(QLatin1Char(';')));
    if (!db.open()) {
        state->error = openError(db.lastError(), url);
        return false;
    }
    // Django relies on foreign keys being enforced; SQLite leaves them off unless asked, per connection.
    // The probe query also turns "file is not a database" or a lock held by another writer into an error
    // here rather than later.
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA foreign_keys = ON")) ||
        !q.exec(QStringLiteral("SELECT count(*) FROM sqlite_master"))) {
        state->error = openError(q.lastError(), url);
        return false;
    }
    return true;
}

QString SqliteEngine::openError(const QSqlError &error, const DatabaseUrl &url) const
{
    const SqlFailure failure(error, *this);
    const QString where = url.toDisplayString();
    switch (failure.kind()) {
    case SqlFailure::Kind::Busy:
        return QStringLiteral("Could not read %1: another program kept the database locked for the whole "
                              "busy timeout of %2 s; try again when it has finished writing.")
            .arg(where, QString::number(Connection::lockTimeoutMs() / 1000.0));
    case SqlFailure::Kind::NotADatabase:
        return QStringLiteral("Could not read %1: %2; it is not an SQLite database, or it is damaged.")
            .arg(where, failure.message());
    default:
        return QStringLiteral("Could not read %1: %2.").arg(where, failure.message());
    }
}

SqlFailure::Kind SqliteEngine::classify(const QSqlError &error) const
{
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok);
    if (!ok)
        return SqlFailure::Kind::Other;
    switch (code & 0xff) {
    case SqliteBusy:
    case SqliteLocked:
        return SqlFailure::Kind::Busy;
    case SqliteReadOnly:
        return SqlFailure::Kind::ReadOnly;
    case SqlitePerm:
    case SqliteAuth:
        return SqlFailure::Kind::PermissionDenied;
    case SqliteConstraint:
        return SqlFailure::Kind::Constraint;
    case SqliteCorrupt:
    case SqliteNotADb:
        return SqlFailure::Kind::NotADatabase;
    case SqliteCantOpen:
        // A journal that cannot be created next to the file: writing is impossible there.
        return SqlFailure::Kind::ReadOnly;
    default:
        return SqlFailure::Kind::Other;
    }
}

QString SqliteEngine::castParameter(const QString &placeholder, const QString & /*sqlType*/) const
{
    // Columns have affinities, not types: the value is stored as bound.
    return placeholder;
}

QString SqliteEngine::perRowExpression(ColumnFamily family, const QString & /*sqlType*/) const
{
    switch (family) {
    case ColumnFamily::DateTime:
        // Django keeps aware datetimes as UTC text on SQLite ("YYYY-MM-DD HH:MM:SS.fff" parses back).
        return QStringLiteral("strftime('%Y-%m-%d %H:%M:%f', 'now')");
    case ColumnFamily::Date:
        return QStringLiteral("date('now')");
    case ColumnFamily::Time:
        return QStringLiteral("strftime('%H:%M:%f', 'now')");
    case ColumnFamily::Uuid:
        return QStringLiteral("lower(hex(randomblob(16)))");
    case ColumnFamily::Binary:
        return QStringLiteral("X''");
    default:
        return {};
    }
}

QString SqliteEngine::likeIgnoringCase(const QString &expression, const QString &placeholder) const
{
    // SQLite's LIKE ignores ASCII case already.
    return QStringLiteral("%1 LIKE %2 ESCAPE '\\'").arg(expression, placeholder);
}

QVariant SqliteEngine::toStorage(const QVariant &value, ColumnFamily family) const
{
    // Django's own forms on SQLite: UTC datetimes and dates as text, booleans as 0/1.
    if (value.isNull())
        return value;
    if (family == ColumnFamily::DateTime && value.typeId() == QMetaType::QDateTime)
        return value.toDateTime().toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz000"));
    if (family == ColumnFamily::Date && value.typeId() == QMetaType::QDate)
        return value.toDate().toString(Qt::ISODate);
    if (family == ColumnFamily::Boolean && value.typeId() == QMetaType::Bool)
        return value.toBool() ? 1 : 0;
    return value;
}

QStringList SqliteEngine::bulkInsertStatements() const
{
    // Take the write lock now, not at the first INSERT, so a busy database fails before any work.
    return {QStringLiteral("BEGIN IMMEDIATE")};
}

bool SqliteEngine::beginRowUpdate(QSqlQuery &control) const
{
    // The write lock at once, so no other writer can change a row between its check and its write.
    return control.exec(QStringLiteral("BEGIN IMMEDIATE"));
}

QString SqliteEngine::sqlLiteral(const QVariant &value, ColumnFamily family, QString * /*error*/) const
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
    case QMetaType::Float: {
        // SQLite stores a bound NaN as NULL and reads 9e999 as infinity.
        const double infinite = value.toDouble();
        if (std::isnan(infinite))
            return QStringLiteral("NULL");
        return infinite > 0 ? QStringLiteral("9e999") : QStringLiteral("-9e999");
    }
    case QMetaType::QDate:
    case QMetaType::QDateTime:
        return sqlLiteral(toStorage(value, value.typeId() == QMetaType::QDate ? ColumnFamily::Date
                                                                              : ColumnFamily::DateTime),
                          family);
    case QMetaType::QTime:
        return quotedText(value.toTime().toString(QStringLiteral("HH:mm:ss.zzz")));
    case QMetaType::QByteArray:
        return QStringLiteral("X'%1'").arg(QString::fromLatin1(value.toByteArray().toHex()));
    case QMetaType::QUuid:
        return quotedText(value.toUuid().toString(QUuid::WithoutBraces));
    default:
        break;
    }
    // A NUL cannot sit inside a quoted literal (the sqlite3 shell ends the text there), but char(0) is one.
    const QStringList parts = value.toString().split(QChar(0));
    QStringList quoted;
    for (const QString &part : parts)
        quoted << quotedText(part);
    return parts.size() == 1
               ? quoted.first()
               : QLatin1Char('(') + quoted.join(QStringLiteral(" || char(0) || ")) + QLatin1Char(')');
}

QString SqliteEngine::notDistinct(const QString &left, const QString &right, ColumnFamily) const
{
    // IS compares NULLs as equal in every SQLite version; IS NOT DISTINCT FROM only came with 3.39.
    return QStringLiteral("%1 IS %2").arg(left, right);
}

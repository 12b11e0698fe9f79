#include "SqlFailure.h"

#include <QRegularExpression>
#include <QStringList>

namespace {

// SQLite's primary result codes (sqlite3.h); the Qt driver reports sqlite3_errcode(), which is the primary
// code because extended codes are never switched on.
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

SqlFailure::Kind sqliteKind(int code)
{
    switch (code) {
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

SqlFailure::Kind postgresKind(const QString &sqlState, const QString &text)
{
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

} // namespace

SqlFailure::SqlFailure(const QSqlError &error, bool sqlite)
    : m_code(error.nativeErrorCode())
{
    m_message = oneLine(error.databaseText());
    if (m_message.isEmpty())
        m_message = oneLine(error.driverText());
    if (sqlite) {
        bool ok = false;
        const int code = m_code.toInt(&ok);
        m_kind = ok ? sqliteKind(code) : Kind::Other;
    } else {
        m_kind = postgresKind(m_code, error.databaseText());
    }
}

QString SqlFailure::oneLine(const QString &text)
{
    static const QRegularExpression severity(QStringLiteral("\\b(ERROR|FATAL|PANIC|DETAIL|HINT):\\s+"));
    static const QRegularExpression spaces(QStringLiteral("\\s+"));
    static const QRegularExpression sqlState(QStringLiteral("^\\([0-9A-Z]{5}\\)$"));
    QStringList parts;
    for (const QString &raw : text.split(QLatin1Char('\n'))) {
        const bool continuation = !raw.isEmpty() && raw.at(0).isSpace();
        QString line = raw;
        line.replace(severity, QString());
        line = line.simplified();
        // CONTEXT lines are PL/pgSQL call stacks, and Qt adds the SQLSTATE as "(57P01)": noise for the people
        // reading the message (the code is in nativeErrorCode()).
        if (line.isEmpty() || line.startsWith(QLatin1String("CONTEXT:")) || sqlState.match(line).hasMatch())
            continue;
        while (line.endsWith(QLatin1Char('.')))
            line.chop(1);
        if (continuation && !parts.isEmpty()) {
            QString &previous = parts.last();
            const QChar last = previous.at(previous.size() - 1);
            // "Connection refused" + "\tIs the server running ...?" are two sentences; "terminated
            // abnormally"
            // + "\tbefore or while ..." is one.
            const bool newSentence = line.at(0).isUpper() && !last.isPunct();
            previous += (newSentence ? QStringLiteral("; ") : QStringLiteral(" ")) + line;
        } else if (!parts.contains(line)) {
            parts << line;
        }
    }
    QString joined = parts.join(QStringLiteral("; ")).replace(spaces, QStringLiteral(" ")).trimmed();
    while (joined.endsWith(QLatin1Char('.')))
        joined.chop(1);
    return joined;
}

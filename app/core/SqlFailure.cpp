#include "SqlFailure.h"

#include "DatabaseEngine.h"

#include <QRegularExpression>
#include <QStringList>

SqlFailure::SqlFailure(const QSqlError &error, const DatabaseEngine &engine)
    : m_kind(engine.classify(error))
    , m_code(error.nativeErrorCode())
{
    m_message = oneLine(error.databaseText());
    if (m_message.isEmpty())
        m_message = oneLine(error.driverText());
}

SqlFailure::SqlFailure(const QSqlError &error, const QSqlDatabase &db)
    : SqlFailure(error, DatabaseEngine::of(db))
{}

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

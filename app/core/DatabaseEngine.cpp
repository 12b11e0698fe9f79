#include "DatabaseEngine.h"

#include "MysqlEngine.h"
#include "PostgresEngine.h"
#include "SqliteEngine.h"

#include <QLocale>
#include <QRegularExpression>
#include <QSqlQuery>

#include <cmath>

const DatabaseEngine &DatabaseEngine::forKind(DatabaseUrl::Kind kind)
{
    static const SqliteEngine sqlite;
    static const PostgresEngine postgres;
    static const MysqlEngine mysql;
    switch (kind) {
    case DatabaseUrl::Kind::SQLite:
        return sqlite;
    case DatabaseUrl::Kind::MySQL:
        return mysql;
    case DatabaseUrl::Kind::PostgreSQL:
    case DatabaseUrl::Kind::Invalid:
        break;
    }
    return postgres;
}

const DatabaseEngine &DatabaseEngine::of(const QSqlDatabase &db)
{
    for (const auto kind :
         {DatabaseUrl::Kind::SQLite, DatabaseUrl::Kind::PostgreSQL, DatabaseUrl::Kind::MySQL}) {
        const DatabaseEngine &engine = forKind(kind);
        if (db.driverName() == engine.driverName())
            return engine;
    }
    return forKind(DatabaseUrl::Kind::Invalid);
}

bool DatabaseEngine::isDriverAvailable() const
{
    return QSqlDatabase::isDriverAvailable(driverName());
}

QString DatabaseEngine::missingDriverMessage() const
{
    return QStringLiteral("Qt's %1 driver (%2) is not installed; install %3.")
        .arg(displayName(), driverName(), driverPackage());
}

bool DatabaseEngine::isLost(const QSqlDatabase &db) const
{
    if (!canLoseConnection())
        return false;
    if (!db.isOpen())
        return true;
    QSqlQuery probe(db);
    return !probe.exec(QStringLiteral("SELECT 1"));
}

QString DatabaseEngine::standardQuoted(const QString &identifier)
{
    QString quoted = identifier;
    quoted.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString DatabaseEngine::quoteTable(const TableName &table) const
{
    if (table.schema.isEmpty())
        return quoteIdentifier(table.name);
    return quoteIdentifier(table.schema) + QLatin1Char('.') + quoteIdentifier(table.name);
}

QString DatabaseEngine::containsPattern(const QString &text)
{
    QString escaped = text;
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    escaped.replace(QLatin1Char('%'), QLatin1String("\\%"));
    escaped.replace(QLatin1Char('_'), QLatin1String("\\_"));
    return QLatin1Char('%') + escaped + QLatin1Char('%');
}

QString DatabaseEngine::startsWith(const QString &column, const QString &text, const QString &placeholder,
                                   QVariantMap *values) const
{
    const QString upper = prefixUpperBound(text);
    if (upper.isEmpty())
        return {};
    values->insert(placeholder + QStringLiteral("_from"), text);
    values->insert(placeholder + QStringLiteral("_below"), upper);
    QString below;
    const QString atLeast = prefixRangeOperators(&below);
    return QStringLiteral("%1 %3 %2_from AND %1 %4 %2_below").arg(column, placeholder, atLeast, below);
}

QString DatabaseEngine::prefixUpperBound(const QString &text)
{
    QList<uint> codePoints = text.toUcs4();
    while (!codePoints.isEmpty()) {
        uint last = codePoints.takeLast() + 1;
        // UTF-16 cannot carry a surrogate on its own, and no text has one: the next code point follows them.
        if (last >= 0xD800 && last <= 0xDFFF)
            last = 0xE000;
        if (last <= 0x10FFFF) {
            codePoints.append(last);
            return QString::fromUcs4(reinterpret_cast<const char32_t *>(codePoints.constData()),
                                     codePoints.size());
        }
    }
    return {};
}

QString DatabaseEngine::conflictGuard(const QString &quotedLinkColumn) const
{
    return QStringLiteral(" ON CONFLICT (%1) DO NOTHING").arg(quotedLinkColumn);
}

QString DatabaseEngine::probedMissingProfile(const QString &profileTable, const QString &alias,
                                             const QString &linkColumn, const QString &userKey) const
{
    return QStringLiteral("NOT EXISTS (SELECT 1 FROM %1 %2 WHERE %2.%3 = %4)")
        .arg(profileTable, alias, linkColumn, userKey);
}

QString DatabaseEngine::pageRowsByKeys(const QString &userTable, const QString &userKey,
                                       const QString &keysQuery) const
{
    return QStringLiteral("FROM (%1) page JOIN %2 u ON u.%3 = page.k").arg(keysQuery, userTable, userKey);
}

bool DatabaseEngine::beginBulkInsert(QSqlQuery &control) const
{
    const QStringList statements = bulkInsertStatements();
    for (const QString &statement : statements) {
        if (!control.exec(statement))
            return false;
    }
    return true;
}

bool DatabaseEngine::prepareKeyRangeBatches(QSqlQuery &control) const
{
    const QStringList statements = keyRangeBatchStatements();
    for (const QString &statement : statements) {
        if (!control.exec(statement))
            return false;
    }
    return true;
}

QString DatabaseEngine::pythonDefaultExpression(const QString &callable, ColumnFamily family,
                                                const QString &sqlType) const
{
    // Django's DateField keeps the date part of a datetime default, so "now" fills date columns too.
    const bool now = callable == QLatin1String("django.utils.timezone.now") ||
                     callable == QLatin1String("datetime.datetime.now");
    const bool today = callable == QLatin1String("datetime.date.today");
    if ((now && (family == ColumnFamily::DateTime || family == ColumnFamily::Date)) ||
        (today && family == ColumnFamily::Date))
        return perRowExpression(family, sqlType);
    if (callable == QLatin1String("uuid.uuid4") && family == ColumnFamily::Uuid)
        return perRowExpression(family, sqlType);
    return {};
}

QVariant DatabaseEngine::toStorage(const QVariant &value, ColumnFamily) const
{
    return value;
}

QString DatabaseEngine::notDistinct(const QString &left, const QString &right, ColumnFamily) const
{
    return QStringLiteral("%1 IS NOT DISTINCT FROM %2").arg(left, right);
}

QString DatabaseEngine::quotedText(const QString &text)
{
    QString quoted = text;
    quoted.replace(QLatin1Char('\''), QLatin1String("''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QString DatabaseEngine::numberLiteral(const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::Short:
    case QMetaType::Char:
    case QMetaType::SChar:
        return QString::number(value.toLongLong());
    case QMetaType::UInt:
    case QMetaType::ULongLong:
    case QMetaType::UShort:
    case QMetaType::UChar:
        return QString::number(value.toULongLong());
    case QMetaType::Double:
    case QMetaType::Float: {
        const double number = value.toDouble();
        // The shortest text that reads back as the same double; infinities and NaN have no number literal.
        return std::isfinite(number) ? QString::number(number, 'g', QLocale::FloatingPointShortest)
                                     : QString();
    }
    default:
        return {};
    }
}

DatabaseEngine::WriteProblems DatabaseEngine::writeProblems(const QSqlDatabase &, const ProfileSchema &) const
{
    return {};
}

int DatabaseEngine::lengthFromType(const QString &sqlType)
{
    static const QRegularExpression re(QStringLiteral("char[a-z ]*\\((\\d+)\\)"),
                                       QRegularExpression::CaseInsensitiveOption);
    const auto match = re.match(sqlType);
    return match.hasMatch() ? match.captured(1).toInt() : -1;
}

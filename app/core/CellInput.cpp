#include "CellInput.h"

#include <QDate>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QMetaType>
#include <QRegularExpression>
#include <QTime>
#include <QUuid>

#include <limits>

namespace {

using CellInput::Result;

Result refuse(const QString &reason)
{
    return {QVariant(), reason};
}

Result accept(const QVariant &value)
{
    return {value, QString()};
}

QString quoted(const QString &text)
{
    return QStringLiteral("\u201c%1\u201d").arg(text.size() > 40 ? text.left(39) + QChar(0x2026) : text);
}

QVariant nullOf(ColumnFamily family)
{
    switch (family) {
    case ColumnFamily::Boolean:
        return QVariant(QMetaType::fromType<bool>());
    case ColumnFamily::Date:
        return QVariant(QMetaType::fromType<QDate>());
    case ColumnFamily::DateTime:
        return QVariant(QMetaType::fromType<QDateTime>());
    case ColumnFamily::Integer:
        return QVariant(QMetaType::fromType<qlonglong>());
    default:
        return QVariant(QMetaType::fromType<QString>());
    }
}

// The calendar date of a match's three numbered groups starting at `first`, or an invalid date.
QDate dateOf(const QRegularExpressionMatch &match, int first)
{
    return QDate(match.captured(first).toInt(), match.captured(first + 1).toInt(),
                 match.captured(first + 2).toInt());
}

QString notADate(const QString &text)
{
    return QStringLiteral("%1 is not a date that exists (year-month-day, e.g. 1990-05-04)").arg(quoted(text));
}

Result parseDate(const QString &text)
{
    static const QRegularExpression form(QStringLiteral("^(\\d{4})-(\\d{2})-(\\d{2})$"));
    const QRegularExpressionMatch match = form.match(text);
    if (!match.hasMatch())
        return refuse(QStringLiteral("%1 is not a date in the form YYYY-MM-DD").arg(quoted(text)));
    const QDate date = dateOf(match, 1);
    return date.isValid() ? accept(date) : refuse(notADate(text));
}

// Hours, minutes, seconds and a fraction from groups `first`..`first + 3`; invalid when out of range or
// finer than a millisecond, which the grid cannot keep.
QTime timeOf(const QRegularExpressionMatch &match, int first)
{
    const QString fraction = match.captured(first + 3);
    if (fraction.size() > 3 && fraction.mid(3).toInt() != 0)
        return {};
    const int ms = fraction.isEmpty() ? 0 : QString(fraction + QStringLiteral("00")).left(3).toInt();
    return QTime(match.captured(first).toInt(), match.captured(first + 1).toInt(),
                 match.captured(first + 2).toInt(), ms);
}

Result parseDateTime(const QString &text)
{
    static const QRegularExpression form(
        QStringLiteral("^(\\d{4})-(\\d{2})-(\\d{2})(?:[T ](\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,6}))?)?)?"
                       "\\s*(Z|[+-]\\d{2}(?::?\\d{2})?)?$"),
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = form.match(text);
    if (!match.hasMatch())
        return refuse(QStringLiteral("%1 is not a date and time in the form YYYY-MM-DD HH:MM:SS, optionally "
                                     "with a time zone such as +02:00 or Z")
                          .arg(quoted(text)));
    const QDate date = dateOf(match, 1);
    if (!date.isValid())
        return refuse(notADate(text));
    QTime time(0, 0);
    if (match.capturedLength(4) > 0) {
        time = timeOf(match, 4);
        if (!time.isValid())
            return refuse(
                QStringLiteral("%1 has no valid time of day (hours 00-23, minutes and seconds 00-59, at most "
                               "milliseconds)")
                    .arg(quoted(text)));
    }
    // Without a zone the time is UTC, the zone the test site and Django's default settings store in.
    int offsetSeconds = 0;
    const QString zone = match.captured(8);
    if (!zone.isEmpty() && zone.compare(QStringLiteral("Z"), Qt::CaseInsensitive) != 0) {
        const QString digits = zone.mid(1).remove(QLatin1Char(':'));
        const int hours = digits.left(2).toInt();
        const int minutes = digits.size() > 2 ? digits.mid(2).toInt() : 0;
        if (hours > 14 || minutes > 59)
            return refuse(QStringLiteral("%1 has no valid time zone offset").arg(quoted(text)));
        offsetSeconds = (hours * 3600 + minutes * 60) * (zone.startsWith(QLatin1Char('-')) ? -1 : 1);
    }
    const QDateTime moment(date, time, Qt::OffsetFromUTC, offsetSeconds);
    return accept(moment.toUTC());
}

Result parseTime(const QString &text)
{
    static const QRegularExpression form(
        QStringLiteral("^(\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,6}))?)?$"));
    const QRegularExpressionMatch match = form.match(text);
    const QTime time = match.hasMatch() ? timeOf(match, 1) : QTime();
    if (!time.isValid())
        return refuse(QStringLiteral("%1 is not a time of day in the form HH:MM:SS").arg(quoted(text)));
    return accept(time.toString(time.msec() ? QStringLiteral("HH:mm:ss.zzz") : QStringLiteral("HH:mm:ss")));
}

Result parseInteger(const QString &text, const QString &sqlType)
{
    const QString type = sqlType.toLower();
    qlonglong min = std::numeric_limits<qint32>::min();
    qlonglong max = std::numeric_limits<qint32>::max();
    if (type.contains(QLatin1String("smallint")) || type.contains(QLatin1String("int2"))) {
        min = std::numeric_limits<qint16>::min();
        max = std::numeric_limits<qint16>::max();
    } else if (type.contains(QLatin1String("bigint")) || type.contains(QLatin1String("int8"))) {
        min = std::numeric_limits<qint64>::min();
        max = std::numeric_limits<qint64>::max();
    }
    // Django's positive integer fields on SQLite.
    if (type.contains(QLatin1String("unsigned")))
        min = 0;
    static const QRegularExpression form(QStringLiteral("^[+-]?\\d+$"));
    if (!form.match(text).hasMatch())
        return refuse(QStringLiteral("%1 is not a whole number").arg(quoted(text)));
    bool ok = false;
    const qlonglong value = text.toLongLong(&ok);
    if (!ok || value < min || value > max)
        return refuse(QStringLiteral("%1 is out of range for %2 (%3 to %4)")
                          .arg(quoted(text), sqlType, QString::number(min), QString::number(max)));
    return accept(value);
}

Result parseDecimal(const QString &text, const QString &sqlType)
{
    static const QRegularExpression form(QStringLiteral("^([+-]?)(\\d*)(?:\\.(\\d*))?$"));
    const QRegularExpressionMatch match = form.match(text);
    if (!match.hasMatch() || match.capturedLength(2) + match.capturedLength(3) == 0)
        return refuse(
            QStringLiteral("%1 is not a decimal number (digits, a point and digits)").arg(quoted(text)));
    QString whole = match.captured(2);
    while (whole.size() > 1 && whole.startsWith(QLatin1Char('0')))
        whole.remove(0, 1);
    if (whole.isEmpty())
        whole = QStringLiteral("0");
    const QString fraction = match.captured(3);
    static const QRegularExpression typeForm(QStringLiteral("\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+))?\\s*\\)"));
    const QRegularExpressionMatch limits = typeForm.match(sqlType);
    if (limits.hasMatch()) {
        const int precision = limits.captured(1).toInt();
        const int scale = limits.captured(2).toInt();
        if (fraction.size() > scale)
            return refuse(QStringLiteral("%1 has more than %2 digits after the decimal point (%3)")
                              .arg(quoted(text), QString::number(scale), sqlType));
        if (whole != QLatin1String("0") && whole.size() > precision - scale)
            return refuse(QStringLiteral("%1 has more than %2 digits before the decimal point (%3)")
                              .arg(quoted(text), QString::number(precision - scale), sqlType));
    }
    QString value = match.captured(1) == QLatin1String("-") ? QStringLiteral("-") : QString();
    value += whole;
    if (!fraction.isEmpty())
        value += QLatin1Char('.') + fraction;
    return accept(value);
}

Result parseBoolean(const QString &text)
{
    const QString word = text.toLower();
    if (word == QLatin1String("true") || word == QLatin1String("1") || word == QLatin1String("t") ||
        word == QLatin1String("yes"))
        return accept(true);
    if (word == QLatin1String("false") || word == QLatin1String("0") || word == QLatin1String("f") ||
        word == QLatin1String("no"))
        return accept(false);
    return refuse(QStringLiteral("%1 is not a boolean (true, false, 1 or 0)").arg(quoted(text)));
}

Result parseJson(const QString &text)
{
    QJsonParseError error;
    QJsonDocument::fromJson(text.toUtf8(), &error);
    if (error.error == QJsonParseError::NoError)
        return accept(text);
    // A scalar is valid JSON as well: parsed inside an array.
    QJsonParseError wrapped;
    const QJsonDocument array = QJsonDocument::fromJson(QStringLiteral("[%1]").arg(text).toUtf8(), &wrapped);
    if (wrapped.error == QJsonParseError::NoError && array.isArray() && array.array().size() == 1)
        return accept(text);
    return refuse(QStringLiteral("%1 is not valid JSON: %2").arg(quoted(text), error.errorString()));
}

Result parseUuid(const QString &text, const QString &sqlType)
{
    static const QRegularExpression bare(QStringLiteral("^[0-9a-fA-F]{32}$"));
    QString form = text;
    if (bare.match(text).hasMatch())
        form = QStringLiteral("%1-%2-%3-%4-%5")
                   .arg(text.left(8), text.mid(8, 4), text.mid(12, 4), text.mid(16, 4), text.mid(20));
    const QUuid uuid = QUuid::fromString(form);
    if (uuid.isNull() && form != QLatin1String("00000000-0000-0000-0000-000000000000"))
        return refuse(QStringLiteral("%1 is not a UUID").arg(quoted(text)));
    // Django keeps UUIDs as char(32) hex where the database has no uuid type.
    if (sqlType.contains(QLatin1String("char"), Qt::CaseInsensitive))
        return accept(uuid.toString(QUuid::Id128));
    return accept(uuid.toString(QUuid::WithoutBraces));
}

Result parseText(const QString &text, int maxLength)
{
    const qsizetype length = text.toUcs4().size();
    if (maxLength >= 0 && length > maxLength)
        return refuse(QStringLiteral("%1 has %2 characters; the column holds at most %3")
                          .arg(quoted(text), QString::number(length), QString::number(maxLength)));
    return accept(text);
}

} // namespace

namespace CellInput {

Result parse(const QString &text, const ProfilesQuery::Column &column)
{
    if (column.family == ColumnFamily::Text)
        return parseText(text, column.maxLength);
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty()) {
        if (!column.nullable)
            return refuse(QStringLiteral("%1 cannot be empty: the column is NOT NULL").arg(column.name));
        return accept(nullOf(column.family));
    }
    switch (column.family) {
    case ColumnFamily::Date:
        return parseDate(trimmed);
    case ColumnFamily::DateTime:
        return parseDateTime(trimmed);
    case ColumnFamily::Time:
        return parseTime(trimmed);
    case ColumnFamily::Integer:
        return parseInteger(trimmed, column.sqlType);
    case ColumnFamily::Decimal:
        return parseDecimal(trimmed, column.sqlType);
    case ColumnFamily::Boolean:
        return parseBoolean(trimmed);
    case ColumnFamily::Json:
        return parseJson(trimmed);
    case ColumnFamily::Uuid:
        return parseUuid(trimmed, column.sqlType);
    case ColumnFamily::Binary:
        return refuse(QStringLiteral("%1 holds binary data, which cannot be typed").arg(column.name));
    default:
        return parseText(text, column.maxLength);
    }
}

QString text(const QVariant &value, ColumnFamily family)
{
    if (value.isNull())
        return {};
    switch (value.typeId()) {
    case QMetaType::QDate:
        return value.toDate().toString(Qt::ISODate);
    case QMetaType::QDateTime: {
        const QDateTime utc = value.toDateTime().toUTC();
        const QString format = utc.time().msec() ? QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz+00:00")
                                                 : QStringLiteral("yyyy-MM-dd HH:mm:ss+00:00");
        return utc.toString(format);
    }
    case QMetaType::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    default:
        break;
    }
    if (family == ColumnFamily::Boolean)
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return value.toString();
}

} // namespace CellInput

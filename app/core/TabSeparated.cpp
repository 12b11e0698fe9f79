#include "TabSeparated.h"

#include <QDate>
#include <QDateTime>

namespace {

const QChar Tab = QLatin1Char('\t');
const QChar Quote = QLatin1Char('"');
const QChar LineFeed = QLatin1Char('\n');
const QChar CarriageReturn = QLatin1Char('\r');

bool isLineEnd(QChar c)
{
    return c == LineFeed || c == CarriageReturn;
}

// Moves `at` past the line end that starts there (CRLF counts as one).
void skipLineEnd(const QString &text, qsizetype &at)
{
    if (text.at(at) == CarriageReturn && at + 1 < text.size() && text.at(at + 1) == LineFeed)
        ++at;
    ++at;
}

// Reads the quoted field that starts at `at` into `field` and moves `at` past its closing quote; false when
// the text there is no well-formed quoted field (`at` and `field` are then unchanged).
bool readQuoted(const QString &text, qsizetype &at, QString *field)
{
    QString value;
    for (qsizetype i = at + 1; i < text.size(); ++i) {
        if (text.at(i) != Quote) {
            value += text.at(i);
            continue;
        }
        if (i + 1 < text.size() && text.at(i + 1) == Quote) {
            value += Quote;
            ++i;
            continue;
        }
        // The closing quote must end the field; `"a"b` is text as typed.
        if (i + 1 < text.size() && text.at(i + 1) != Tab && !isLineEnd(text.at(i + 1)))
            return false;
        *field = value;
        at = i + 1;
        return true;
    }
    return false;
}

} // namespace

namespace TabSeparated {

QString cellText(const QVariant &value)
{
    if (!value.isValid() || value.isNull())
        return QString();
    switch (value.typeId()) {
    case QMetaType::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QMetaType::QDate:
        return value.toDate().toString(Qt::ISODate);
    case QMetaType::QDateTime: {
        // Local time, as the grid shows it, with its offset so that pasting it back means the same moment.
        const QDateTime local = value.toDateTime().toLocalTime();
        const QDateTime withOffset = local.toOffsetFromUtc(local.offsetFromUtc());
        return withOffset.toString(withOffset.time().msec() == 0 ? Qt::ISODate : Qt::ISODateWithMs);
    }
    default:
        return value.toString();
    }
}

QString quoteField(const QString &field)
{
    const bool needsQuotes = field.contains(Tab) || field.contains(LineFeed) ||
                             field.contains(CarriageReturn) || field.contains(Quote);
    if (!needsQuotes)
        return field;
    QString quoted = field;
    quoted.replace(Quote, QStringLiteral("\"\""));
    return Quote + quoted + Quote;
}

QString format(const QList<QStringList> &rows, const QStringList &headers)
{
    QList<QStringList> all;
    if (!headers.isEmpty())
        all << headers;
    all << rows;
    if (all.size() == 1 && all.first().size() == 1)
        return quoteField(all.first().first());
    QString text;
    for (const QStringList &row : all) {
        QStringList fields;
        fields.reserve(row.size());
        for (const QString &field : row)
            fields << quoteField(field);
        text += fields.join(Tab) + LineFeed;
    }
    return text;
}

QList<QStringList> parse(const QString &text)
{
    // One line end closing the last row is a terminator, not an empty row after it.
    qsizetype end = text.size();
    if (end > 0 && text.at(end - 1) == LineFeed)
        --end;
    if (end > 0 && text.at(end - 1) == CarriageReturn)
        --end;
    const QString body = text.left(end);

    QList<QStringList> rows;
    QStringList row;
    qsizetype at = 0;
    while (true) {
        QString field;
        if (at >= body.size() || body.at(at) != Quote || !readQuoted(body, at, &field)) {
            const qsizetype start = at;
            while (at < body.size() && body.at(at) != Tab && !isLineEnd(body.at(at)))
                ++at;
            field = body.mid(start, at - start);
        }
        row << field;
        if (at >= body.size())
            break;
        if (body.at(at) == Tab) {
            ++at;
            continue;
        }
        skipLineEnd(body, at);
        rows << row;
        row.clear();
    }
    rows << row;
    return rows;
}

} // namespace TabSeparated

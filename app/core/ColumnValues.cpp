#include "ColumnValues.h"

#include "DatabaseEngine.h"

#include <QDate>
#include <QDateTime>

namespace {

QMetaType typeOf(ColumnFamily family)
{
    switch (family) {
    case ColumnFamily::Boolean:
        return QMetaType::fromType<bool>();
    case ColumnFamily::Date:
        return QMetaType::fromType<QDate>();
    case ColumnFamily::DateTime:
        return QMetaType::fromType<QDateTime>();
    case ColumnFamily::Integer:
        return QMetaType::fromType<qlonglong>();
    default:
        return QMetaType::fromType<QString>();
    }
}

} // namespace

namespace ColumnValues {

QVariant fromDatabase(const QVariant &value, ColumnFamily family)
{
    if (value.isNull())
        return QVariant(typeOf(family));
    switch (family) {
    case ColumnFamily::Boolean:
        return value.toBool();
    case ColumnFamily::Date:
        if (value.typeId() != QMetaType::QDate) {
            const QDate date = QDate::fromString(value.toString().left(10), Qt::ISODate);
            // Text that is no date is shown as it is rather than lost.
            return date.isValid() ? QVariant(date) : value;
        }
        return value;
    case ColumnFamily::DateTime:
        if (value.typeId() != QMetaType::QDateTime) {
            QDateTime moment = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
            if (!moment.isValid())
                return value;
            // Django writes aware datetimes to SQLite as UTC without an offset.
            if (moment.timeSpec() == Qt::LocalTime)
                moment.setTimeSpec(Qt::UTC);
            return moment;
        }
        return value;
    default:
        return value;
    }
}

QVariant toDatabase(const QVariant &value, ColumnFamily family, const DatabaseEngine &engine)
{
    if (value.isNull())
        return QVariant(typeOf(family));
    return engine.toStorage(value, family);
}

bool same(const QVariant &a, const QVariant &b)
{
    return a.isNull() == b.isNull() && (a.isNull() || a == b);
}

QString describe(const QVariant &value)
{
    if (value.isNull())
        return QStringLiteral("NULL");
    QString text = value.typeId() == QMetaType::QDateTime ? value.toDateTime().toString(Qt::ISODateWithMs)
                                                          : value.toString();
    if (text.size() > 40)
        text = text.left(39) + QChar(0x2026);
    return QStringLiteral("\u201c%1\u201d").arg(text);
}

} // namespace ColumnValues

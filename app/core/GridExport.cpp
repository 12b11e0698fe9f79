#include "GridExport.h"

#include "ColumnValues.h"
#include "CsvWriter.h"
#include "DatabaseEngine.h"
#include "ProfilesQuery.h"
#include "SqlFailure.h"
#include "UsersQuery.h"

#include <QDate>
#include <QDateTime>
#include <QSaveFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

GridExport::Source GridExport::ofUsers(const UsersQuery &query)
{
    Source source;
    source.statement = query.allRowsStatement();
    source.bind = [query](QSqlQuery &statement) {
        query.bindFilter(statement);
    };
    for (const ColumnInfo &column : query.columns()) {
        source.headers << column.name;
        source.families << column.family;
    }
    return source;
}

GridExport::Source GridExport::ofProfiles(const ProfilesQuery &query)
{
    Source source;
    source.statement = query.allRowsStatement();
    source.bind = [query](QSqlQuery &statement) {
        query.bindFilter(statement);
    };
    for (const ProfilesQuery::Column &column : query.columns()) {
        // The grid's own header for the owner's name.
        source.headers << (column.owner ? QStringLiteral("%1 (owner)").arg(column.name) : column.name);
        source.families << column.family;
    }
    return source;
}

QString GridExport::csvText(const QVariant &stored, ColumnFamily family)
{
    const QVariant value = ColumnValues::fromDatabase(stored, family);
    if (value.isNull())
        return {};
    switch (value.typeId()) {
    case QMetaType::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QMetaType::QDate:
        return value.toDate().toString(Qt::ISODate);
    case QMetaType::QDateTime:
        return value.toDateTime().toUTC().toString(Qt::ISODateWithMs);
    case QMetaType::QTime:
        return value.toTime().toString(Qt::ISODateWithMs);
    case QMetaType::QByteArray:
        // PostgreSQL's hex form of binary data.
        return QStringLiteral("\\x") + QString::fromLatin1(value.toByteArray().toHex());
    case QMetaType::QUuid:
        return value.toUuid().toString(QUuid::WithoutBraces);
    default: {
        // Never null from here on: an empty text is an empty text, not NULL.
        const QString text = value.toString();
        return text.isNull() ? QStringLiteral("") : text;
    }
    }
}

qint64 GridExport::rowsIn(const QList<std::pair<qint64, qint64>> &ranges)
{
    qint64 rows = 0;
    for (const auto &range : ranges)
        rows += range.second - range.first + 1;
    return rows;
}

GridExport::Result GridExport::write(const QSqlDatabase &db, const Source &source, const Options &options,
                                     const QString &fileName, const std::atomic<bool> &cancelled,
                                     const std::function<void(qint64 written)> &progress)
{
    Result result;
    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly)) {
        result.error = QStringLiteral("Could not write %1: %2.").arg(fileName, file.errorString());
        return result;
    }
    CsvWriter csv(&file);
    const auto failedWriting = [&] {
        result.error = QStringLiteral("Could not write %1: %2.").arg(fileName, file.errorString());
        return result;
    };
    if ((options.byteOrderMark && !csv.writeByteOrderMark()) ||
        (options.headerRow && !csv.writeRecord(source.headers)))
        return failedWriting();

    QSqlQuery query(db);
    // Forward-only: QPSQL then hands over rows as they arrive instead of the whole result at once.
    query.setForwardOnly(true);
    if (!query.prepare(source.statement)) {
        result.error =
            QStringLiteral("Could not read the rows: %1.").arg(SqlFailure(query.lastError(), db).message());
        return result;
    }
    if (source.bind)
        source.bind(query);
    if (!query.exec()) {
        result.error =
            QStringLiteral("Could not read the rows: %1.").arg(SqlFailure(query.lastError(), db).message());
        return result;
    }

    const int columns = int(source.families.size());
    qint64 position = -1;
    qsizetype range = 0;
    QStringList fields;
    while (query.next()) {
        ++position;
        if (!options.rows.isEmpty()) {
            while (range < options.rows.size() && options.rows.at(range).second < position)
                ++range;
            if (range == options.rows.size())
                break; // past the last selected row
            if (position < options.rows.at(range).first)
                continue;
        }
        fields.clear();
        for (int column = 0; column < columns; ++column)
            fields << csvText(query.value(column), source.families.at(column));
        if (!csv.writeRecord(fields))
            return failedWriting();
        ++result.rows;
        if (result.rows % BatchRows == 0) {
            if (cancelled.load()) {
                result.cancelled = true;
                file.cancelWriting();
                return result;
            }
            progress(result.rows);
        }
    }
    if (query.lastError().isValid()) {
        result.error =
            QStringLiteral("Could not read the rows: %1.").arg(SqlFailure(query.lastError(), db).message());
        return result;
    }
    query.finish();
    if (cancelled.load()) {
        result.cancelled = true;
        file.cancelWriting();
        return result;
    }
    if (!file.commit())
        return failedWriting();
    progress(result.rows);
    return result;
}

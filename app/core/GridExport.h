#pragma once

#include "ProfileSchema.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <atomic>
#include <functional>
#include <utility>

class ProfilesQuery;
class QSqlQuery;
class UsersQuery;

// Writes the rows of a grid to a CSV file (CsvWriter): every row its filter lets through, or the selected
// ones, in view order, with the columns the grid shows. The rows are read by one forward-only statement and
// written as they come, so a million rows take no more memory than one row; progress is reported and cancel
// honoured after every batch. The file is a QSaveFile committed only after the last row: a cancelled or
// failed export leaves no file behind (and an existing file as it was).
class GridExport
{
public:
    // Rows between two progress reports and chances to cancel.
    static constexpr qint64 BatchRows = 1000;

    // What to read: a statement and the values of its filter, and how to name and read its columns.
    struct Source
    {
        QString statement;
        std::function<void(QSqlQuery &query)> bind;
        QStringList headers;
        QList<ColumnFamily> families; // one per column of the statement
    };
    struct Options
    {
        bool headerRow = true;
        bool byteOrderMark = false;
        // Row positions in view order (0 is the first row), as sorted, non-overlapping [first, last] ranges;
        // empty for every row.
        QList<std::pair<qint64, qint64>> rows;
    };
    struct Result
    {
        qint64 rows = 0; // rows written (not counting the header)
        bool cancelled = false;
        QString error; // one sentence; empty when the file was written

        bool ok() const { return !cancelled && error.isEmpty(); }
    };

    // The Users view's rows as its query selects them (filter, search and sort included).
    static Source ofUsers(const UsersQuery &query);
    // The Profiles grid's rows as its query selects them, the owner's name beside the link column.
    static Source ofProfiles(const ProfilesQuery &query);
    // How a value is written: ISO 8601 dates and times (UTC with its Z), true/false, NULL as a null QString.
    static QString csvText(const QVariant &value, ColumnFamily family);
    // How many rows `ranges` (Options::rows) cover.
    static qint64 rowsIn(const QList<std::pair<qint64, qint64>> &ranges);

    // Writes the rows of `source` read through `db` to `fileName`. `progress` gets the rows written so far
    // after every batch; `cancelled` is read there too.
    static Result write(const QSqlDatabase &db, const Source &source, const Options &options,
                        const QString &fileName, const std::atomic<bool> &cancelled,
                        const std::function<void(qint64 written)> &progress);
};

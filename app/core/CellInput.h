#pragma once

#include "ProfilesQuery.h"

#include <QString>
#include <QVariant>

// Text as a person typed or pasted it into a cell of the Profiles grid, turned into the value the column
// holds or refused with a reason: never into another value (a day that does not exist is not rolled over, a
// number out of the column's range is not clipped, a text too long is not cut).
namespace CellInput {

struct Result
{
    QVariant value; // in the models' types (ColumnValues::fromDatabase); NULL carries the family's type
    QString reason; // why the text is refused; empty when it is accepted

    bool ok() const { return reason.isEmpty(); }
};

// `text` for `column`. An empty text is the empty string in a text column and NULL elsewhere (refused
// where the column is NOT NULL).
Result parse(const QString &text, const ProfilesQuery::Column &column);
// A value as parse() reads it back: ISO dates, date-times in UTC with their offset, true/false.
QString text(const QVariant &value, ColumnFamily family);

} // namespace CellInput

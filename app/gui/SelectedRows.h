#pragma once

#include <QItemSelection>
#include <QList>

#include <utility>

// The rows a view's selection touches, as sorted, non-overlapping [first, last] ranges of positions in view
// order (GridExport::Options::rows): a select-all over a million rows is one range, not a million indexes.
namespace SelectedRows {

// `offset` is the position of the view's first row (a page's start).
QList<std::pair<qint64, qint64>> ranges(const QItemSelection &selection, qint64 offset = 0);

} // namespace SelectedRows

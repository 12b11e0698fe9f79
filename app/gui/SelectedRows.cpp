#include "SelectedRows.h"

#include <algorithm>

namespace SelectedRows {

QList<std::pair<qint64, qint64>> ranges(const QItemSelection &selection, qint64 offset)
{
    QList<std::pair<qint64, qint64>> rows;
    for (const QItemSelectionRange &range : selection)
        rows.append({offset + range.top(), offset + range.bottom()});
    std::sort(rows.begin(), rows.end());
    // Cells of one row selected in several blocks, or touching blocks, make one range.
    QList<std::pair<qint64, qint64>> merged;
    for (const auto &range : rows) {
        if (!merged.isEmpty() && range.first <= merged.last().second + 1)
            merged.last().second = std::max(merged.last().second, range.second);
        else
            merged.append(range);
    }
    return merged;
}

} // namespace SelectedRows

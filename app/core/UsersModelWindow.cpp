// UsersModel's window: which result positions the view's rows are, moving them along the result, and the
// result's end as estimated and as counted.
#include "UsersModel.h"

#include <algorithm>

namespace {

qint64 alignDown(qint64 position)
{
    return position - position % UsersModel::BlockRows;
}

qint64 alignUp(qint64 position)
{
    return alignDown(position + UsersModel::BlockRows - 1);
}

} // namespace

void UsersModel::setWindowRows(int rows)
{
    // Two blocks at least, so that a position centred in the window stays inside it after aligning the start.
    m_windowRows = std::max(rows, 2 * BlockRows);
    placeWindow(std::min(m_windowStart, lastWindowStart()));
}

int UsersModel::rowAt(qint64 position) const
{
    return position >= m_windowStart && position < m_windowStart + m_rows ? int(position - m_windowStart)
                                                                          : -1;
}

void UsersModel::moveWindowTo(qint64 position)
{
    if (rowAt(position) >= 0)
        return;
    const qint64 centred = position - m_windowRows / 2;
    placeWindow(alignDown(std::clamp<qint64>(centred, 0, lastWindowStart())));
}

bool UsersModel::moveToEnd()
{
    if (m_total >= 0) {
        if (m_total > 0)
            moveWindowTo(m_total - 1);
        return true;
    }
    // Only the whole table has an estimate; a filter's end, or an estimate below the rows already seen,
    // waits for the count.
    if (!m_extentEstimated) {
        if (m_query.isNarrowed() || m_query.onlyMissing() || m_userEstimate <= m_extent)
            return false;
        m_extent = m_userEstimate;
        m_extentEstimated = true;
    }
    if (m_windowStart != lastWindowStart())
        placeWindow(lastWindowStart());
    return true;
}

void UsersModel::shiftWindow(qint64 rows)
{
    qint64 start = alignDown(std::clamp<qint64>(m_windowStart + rows, 0, lastWindowStart()));
    // Aligning must not undo a small step: the window moves by a block at least.
    if (start == m_windowStart && rows > 0)
        start = std::min(m_windowStart + BlockRows, lastWindowStart());
    if (start != m_windowStart)
        placeWindow(start);
}

int UsersModel::rowsInWindow() const
{
    return int(std::clamp<qint64>(m_extent - m_windowStart, 0, m_windowRows));
}

qint64 UsersModel::lastWindowStart() const
{
    // Aligned up, or the window's last rows would stop short of the result's end.
    return alignUp(std::max<qint64>(m_extent - m_windowRows, 0));
}

void UsersModel::placeWindow(qint64 start)
{
    beginResetModel();
    m_windowStart = start;
    m_rows = rowsInWindow();
    // Wishes for rows of the old window are no longer on screen.
    m_wanted.clear();
    endResetModel();
    Q_EMIT windowMoved(m_windowStart, m_rows);
    // The rows already read are there at once; their listeners restore what follows users (the selection).
    QList<int> cached;
    for (auto it = m_blocks.cbegin(); it != m_blocks.cend(); ++it) {
        if (!it->stale)
            cached << it.key();
    }
    std::sort(cached.begin(), cached.end());
    for (int block : std::as_const(cached)) {
        const qint64 blockStart = qint64(block) * BlockRows;
        const int first = int(std::max<qint64>(blockStart - m_windowStart, 0));
        const int last =
            int(std::min<qint64>(blockStart + m_blocks.value(block).rows.size() - m_windowStart, m_rows)) - 1;
        if (last >= first)
            Q_EMIT rowsLoaded(first, last);
    }
}

void UsersModel::setTotal(qint64 total)
{
    const bool wasEstimated = m_extentEstimated;
    m_extentEstimated = false;
    if (total == m_total)
        return;
    // Rows read backwards from an estimate that missed are at the wrong positions: they are read again.
    const bool misplaced = wasEstimated && total != m_extent;
    if (misplaced) {
        for (auto it = m_blocks.begin(); it != m_blocks.end();)
            it = it->fromEstimatedEnd ? m_blocks.erase(it) : std::next(it);
    }
    m_total = total;
    m_extent = total;
    // Rows deleted meanwhile may leave the window past the end: it moves back to show the end.
    if (m_windowStart > 0 && m_windowStart >= total) {
        placeWindow(lastWindowStart());
    } else {
        resize(rowsInWindow());
        if (misplaced && m_rows > 0)
            Q_EMIT dataChanged(index(0, 0), index(m_rows - 1, columnCount() - 1));
    }
    Q_EMIT totalKnown(total);
}

void UsersModel::resize(int rows)
{
    if (rows > m_rows) {
        beginInsertRows(QModelIndex(), m_rows, rows - 1);
        m_rows = rows;
        endInsertRows();
    } else if (rows < m_rows) {
        beginRemoveRows(QModelIndex(), rows, m_rows - 1);
        m_rows = rows;
        for (auto it = m_blocks.begin(); it != m_blocks.end();) {
            if (qint64(it.key()) * BlockRows >= m_windowStart + rows)
                it = m_blocks.erase(it);
            else
                ++it;
        }
        endRemoveRows();
    }
}

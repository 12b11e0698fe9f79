// The Profiles model's held edits as states of cells: applying one, reverting one, undo and redo, and the
// typed text it refuses to save.
#include "ProfilesModel.h"

#include "ColumnValues.h"

#include <QSqlRecord>

#include <algorithm>

EditHistory::CellState ProfilesModel::stateOf(const QModelIndex &index) const
{
    if (!isDirty(index))
        return {};
    return {true, QSqlTableModel::data(index, Qt::EditRole), m_invalid.value({index.row(), index.column()})};
}

void ProfilesModel::emitCellChanged(const QModelIndex &index)
{
    Q_EMIT dataChanged(
        index, index,
        {Qt::DisplayRole, Qt::EditRole, Qt::CheckStateRole, Qt::ToolTipRole, DirtyRole, InvalidReasonRole});
}

bool ProfilesModel::applyState(const QModelIndex &index, const EditHistory::CellState &state)
{
    const EditHistory::CellState before = stateOf(index);
    const bool unchanged = before.edited == state.edited && before.invalidReason == state.invalidReason &&
                           (!state.edited || ColumnValues::same(before.value, state.value));
    if (unchanged)
        return true;
    const Cell cell{index.row(), index.column()};
    if (!state.edited) {
        revertCell(index);
    } else {
        if (!QSqlTableModel::setData(index, state.value, Qt::EditRole))
            return false;
        if (state.invalidReason.isEmpty())
            m_invalid.remove(cell);
        else
            m_invalid.insert(cell, state.invalidReason);
    }
    // A new value of the refused cell is the user's answer to the refusal.
    if (cell == m_refused) {
        m_refused = {-1, -1};
        m_refusedReason.clear();
    }
    if (!m_replaying)
        m_history.record({keyAt(index.row()).toString(), index.column(), before, state});
    emitCellChanged(index);
    return true;
}

void ProfilesModel::revertCell(const QModelIndex &index)
{
    if (!isDirty(index))
        return;
    // QSqlTableModel reverts whole rows only: the row's other edits are put back after it.
    const int row = index.row();
    QList<QPair<int, QVariant>> others;
    for (const int column : editedColumns(row)) {
        if (column != index.column())
            others.append({column, QSqlTableModel::data(this->index(row, column), Qt::EditRole)});
    }
    QSqlTableModel::revertRow(row);
    for (const auto &[column, value] : std::as_const(others))
        QSqlTableModel::setData(this->index(row, column), value, Qt::EditRole);
    m_invalid.remove({row, index.column()});
}

int ProfilesModel::revertCells(const QModelIndexList &cells)
{
    int reverted = 0;
    beginEditGroup();
    for (const QModelIndex &cell : cells) {
        if (cell.isValid() && cell.model() == this && isDirty(cell)) {
            applyState(cell, {});
            ++reverted;
        }
    }
    endEditGroup();
    return reverted;
}

void ProfilesModel::beginEditGroup()
{
    m_history.beginGroup();
}

void ProfilesModel::endEditGroup()
{
    m_history.endGroup();
}

void ProfilesModel::revertRow(int row)
{
    if (row < 0 || row >= rowCount())
        return;
    m_saver.forgetReported(keyAt(row));
    QModelIndexList cells;
    for (const int column : editedColumns(row))
        cells << index(row, column);
    revertCells(cells);
}

void ProfilesModel::revertAll()
{
    QSqlTableModel::revertAll();
    forgetEditState();
}

void ProfilesModel::forgetEditState()
{
    m_history.clear();
    m_invalid.clear();
    m_refused = {-1, -1};
    m_refusedReason.clear();
}

void ProfilesModel::replay(const EditHistory::Step &step, bool forward, QModelIndex *shown)
{
    m_replaying = true;
    for (const EditHistory::Change &change : step) {
        const int row = rowOfKey(change.key);
        if (row < 0)
            continue;
        *shown = index(row, change.column);
        applyState(*shown, forward ? change.after : change.before);
    }
    m_replaying = false;
}

QModelIndex ProfilesModel::undo()
{
    QModelIndex shown;
    replay(m_history.takeUndo(), false, &shown);
    return shown;
}

QModelIndex ProfilesModel::redo()
{
    QModelIndex shown;
    replay(m_history.takeRedo(), true, &shown);
    return shown;
}

QModelIndex ProfilesModel::firstInvalidCell() const
{
    Cell first{-1, -1};
    for (auto it = m_invalid.cbegin(); it != m_invalid.cend(); ++it) {
        if (first.first < 0 || it.key() < first)
            first = it.key();
    }
    return first.first < 0 ? QModelIndex() : index(first.first, first.second);
}

QModelIndex ProfilesModel::refusedCell() const
{
    return m_refused.first < 0 ? QModelIndex() : index(m_refused.first, m_refused.second);
}

QString ProfilesModel::invalidEditsMessage() const
{
    QList<Cell> cells = m_invalid.keys();
    std::sort(cells.begin(), cells.end());
    QStringList sentences;
    for (const Cell &cell : std::as_const(cells)) {
        sentences << QStringLiteral("profile %1, %2: %3.")
                         .arg(keyAt(cell.first).toString(), m_query.columns().at(cell.second).name,
                              m_invalid.value(cell));
    }
    return QStringLiteral("Nothing was saved: %1 cannot be stored; correct or revert %2: %3")
        .arg(cells.size() == 1 ? QStringLiteral("a value") : QStringLiteral("%1 values").arg(cells.size()),
             cells.size() == 1 ? QStringLiteral("it") : QStringLiteral("them"),
             sentences.join(QLatin1Char(' ')));
}

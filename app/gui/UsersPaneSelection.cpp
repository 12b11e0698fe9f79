// The Users pane's selection, which follows users rather than row positions: remembered by key when it
// changes, and put back on the users' rows as they are read (after a refresh, a new filter or a window move).
#include "UsersPane.h"

#include "ui_UsersPane.h"

#include "UsersHighlightProxy.h"
#include "UsersModel.h"

#include <QScopedValueRollback>

void UsersPane::rememberSelection()
{
    if (m_restoringSelection || !m_model)
        return;
    m_selectedKeys.clear();
    m_unreadSelected.clear();
    m_selectionByKeys = true;
    int seen = 0;
    for (const QItemSelectionRange &range : m_ui->usersView->selectionModel()->selection()) {
        seen += range.height();
        // A selection this large (select all) is a range of rows by nature, and is left as Qt keeps it.
        if (seen > MaxSelectedUsers) {
            m_selectedKeys.clear();
            m_selectionByKeys = false;
            return;
        }
        for (int row = range.top(); row <= range.bottom(); ++row) {
            const QVariant key = m_proxy->index(row, 0).data(UsersModel::UserKeyRole);
            if (key.isValid())
                m_selectedKeys << key;
            else
                m_unreadSelected << m_model->windowStart() + row;
        }
    }
}

void UsersPane::restoreSelection(int first, int last)
{
    QItemSelectionModel *selection = m_ui->usersView->selectionModel();
    if (!m_selectionByKeys ||
        (m_selectedKeys.isEmpty() && m_unreadSelected.isEmpty() && !selection->hasSelection()))
        return;
    const QScopedValueRollback<bool> restoring(m_restoringSelection, true);
    bool changed = false;
    for (int row = first; row <= last && row < m_proxy->rowCount(); ++row) {
        const QModelIndex index = m_proxy->index(row, 0);
        const QVariant key = index.data(UsersModel::UserKeyRole);
        // A row selected before it was read (PageDown onto it) chose the user it turns out to be.
        if (!m_unreadSelected.isEmpty() && m_unreadSelected.removeOne(m_model->windowStart() + row) &&
            key.isValid())
            m_selectedKeys << key;
        const bool wanted = m_selectedKeys.contains(key);
        if (wanted == selection->isRowSelected(row))
            continue;
        selection->select(index, (wanted ? QItemSelectionModel::Select : QItemSelectionModel::Deselect) |
                                     QItemSelectionModel::Rows);
        changed = true;
    }
    // The cursor left with its user: it must not point at a neighbour nobody chose. A cursor put on a row not
    // read yet (Ctrl+End) is on whoever that row turns out to be.
    const QModelIndex current = selection->currentIndex();
    if (current.isValid() && current.row() >= first && current.row() <= last) {
        const QVariant key = current.data(UsersModel::UserKeyRole);
        if (!m_currentKey.isValid()) {
            m_currentKey = key;
        } else if (key != m_currentKey && !m_selectedKeys.contains(key)) {
            selection->clearCurrentIndex();
            changed = true;
        }
    }
    if (changed)
        Q_EMIT stateChanged();
}

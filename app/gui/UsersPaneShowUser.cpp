// The Users pane's showing of one user (Show owner): found among the rows read, or looked up in the key
// order after clearing what keeps them out of sight.
#include "UsersPane.h"

#include "ui_UsersPane.h"

#include "DatabaseSession.h"
#include "UserPosition.h"
#include "UsersHighlightProxy.h"
#include "UsersModel.h"

#include <QHeaderView>

void UsersPane::showUser(const QVariant &userKey)
{
    if (!m_model || !userKey.isValid())
        return;
    m_pendingUser = userKey;
    m_pendingRow = -1;
    if (showPendingUser())
        return;
    // Not among the rows read so far: the filter and search are cleared and the view goes back to the key
    // order, where the database tells the user's row at once.
    if (m_model->onlyMissing() || m_model->isNarrowed() || !m_model->searchText().isEmpty()) {
        Q_EMIT statusMessage(
            tr("Cleared the search, the column filters and \"Show only users without profile\" "
               "to show user %1.")
                .arg(userKey.toString()));
        m_ui->searchEdit->clear();
        m_searchTimer.stop();
        m_model->setSearchText(QString());
        m_model->setColumnFilter(ColumnFilter());
        setOnlyMissing(false);
    }
    QHeaderView *header = m_ui->usersView->horizontalHeader();
    if (header->sortIndicatorSection() != 0 || header->sortIndicatorOrder() != Qt::AscendingOrder)
        m_ui->usersView->sortByColumn(0, Qt::AscendingOrder);
    QString error;
    m_pendingRow = UserPosition::rowOf(m_session->database(), m_session->schema(), userKey, &error);
    if (m_pendingRow < 0) {
        m_pendingUser.clear();
        Q_EMIT statusMessage(error.isEmpty()
                                 ? tr("User %1 is not in the user table any more.").arg(userKey.toString())
                                 : tr("Cannot find user %1: %2").arg(userKey.toString(), error));
        return;
    }
    showPendingUser();
}

bool UsersPane::showPendingUser()
{
    QTableView *view = m_ui->usersView;
    // A user the view's window does not hold: the window moves to their position first.
    if (m_pendingRow >= 0 && m_pendingRow < m_model->resultRows() && m_model->rowAt(m_pendingRow) < 0) {
        moveWindowKeepingView([this] { m_model->moveWindowTo(m_pendingRow); });
        // The move reports the rows already read, which may have shown the user.
        if (!m_pendingUser.isValid())
            return true;
    }
    const int pendingRow = m_pendingRow >= 0 ? m_model->rowAt(m_pendingRow) : -1;
    int found = -1;
    if (m_pendingRow >= 0) {
        // The user's row is known: only it is looked at, not a million rows for each block read.
        if (pendingRow >= 0 && m_model->isRowLoaded(pendingRow) &&
            m_proxy->index(pendingRow, 0).data(UsersModel::UserKeyRole) == m_pendingUser)
            found = pendingRow;
    } else {
        const int rows = m_proxy->rowCount();
        for (int row = 0; row < rows && found < 0; ++row) {
            if (m_model->isRowLoaded(row) &&
                m_proxy->index(row, 0).data(UsersModel::UserKeyRole) == m_pendingUser)
                found = row;
        }
    }
    if (found < 0 && pendingRow >= 0) {
        if (!m_model->isRowLoaded(pendingRow)) {
            // Asking for the row's data fetches its block; rowsLoaded() comes back here.
            view->scrollTo(m_proxy->index(pendingRow, 0), QAbstractItemView::PositionAtCenter);
            m_proxy->index(pendingRow, 0).data(UsersModel::UserKeyRole);
            return false;
        }
        Q_EMIT statusMessage(tr("User %1 is not in the list as read; press F5 to read it again.")
                                 .arg(m_pendingUser.toString()));
        m_pendingUser.clear();
        return true;
    }
    if (found < 0)
        return false;
    const QModelIndex index = m_proxy->index(found, 0);
    m_pendingUser.clear();
    m_pendingRow = -1;
    view->selectionModel()->setCurrentIndex(index,
                                            QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    view->scrollTo(index, QAbstractItemView::PositionAtCenter);
    view->setFocus(Qt::OtherFocusReason);
    return true;
}

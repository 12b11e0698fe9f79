// The Profiles pane's saving: asking before edits would be dropped, saving (again after a lost connection)
// and reverting.
#include "ProfilesPane.h"

#include "ui_ProfilesPane.h"

#include "DatabaseSession.h"
#include "MessageBox.h"
#include "ProfilesModel.h"
#include "Reconnect.h"

bool ProfilesPane::settleEdits(const QString &before)
{
    if (!isDirty())
        return true;
    const auto answer = MessageBox::question(
        window(), tr("Unsaved changes"),
        tr("Some profiles have changes that are not saved. Save them before %1?").arg(before),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    switch (answer) {
    case QMessageBox::Save:
        return save();
    case QMessageBox::Discard:
        revertChanges();
        return true;
    default:
        return false;
    }
}

bool ProfilesPane::save()
{
    if (!m_model || m_creating)
        return false;
    // Saving reloads the page; the cursor comes back to the same profile and column.
    const QModelIndex current = m_ui->profilesView->currentIndex();
    const QVariant key = current.isValid() ? current.data(ProfilesModel::ProfileKeyRole) : QVariant();
    QString error;
    bool saved = m_model->save(&error);
    bool reconnected = false;
    // The server may have dropped the connection (restart, failover) since the last statement. Nothing was
    // written and the edits are still held: open the connection again and send them once more.
    if (!saved && Reconnect::ifLost(m_session->connection(), &error)) {
        reconnected = true;
        error.clear();
        saved = m_model->save(&error);
    }
    if (current.isValid()) {
        const int row = m_model->rowOfKey(key);
        if (row >= 0)
            m_ui->profilesView->setCurrentIndex(m_model->index(row, current.column()));
    }
    // The cell to correct: the first that cannot be stored, or the one the database refused.
    if (!saved)
        showCell(m_model->hasInvalidEdits() ? m_model->firstInvalidCell() : m_model->refusedCell());
    changed();
    if (!saved) {
        Q_EMIT errorOccurred(tr("Changes not saved"), error);
        return false;
    }
    Q_EMIT statusMessage(reconnected ? tr("Reconnected to the database and saved the changes.")
                                     : tr("Saved the changes."),
                         5000);
    return true;
}

void ProfilesPane::revertChanges()
{
    if (!m_model)
        return;
    m_model->revertAll();
    Q_EMIT statusMessage(tr("Dropped the unsaved changes."), 5000);
    changed();
}

void ProfilesPane::revertSelectedRows()
{
    if (!m_model)
        return;
    int reverted = 0;
    for (const int row : selectedRows()) {
        if (m_model->isRowEdited(row)) {
            m_model->revertRow(row);
            ++reverted;
        }
    }
    Q_EMIT statusMessage(tr("Dropped the unsaved changes of %n profile(s).", nullptr, reverted), 5000);
    changed();
}

bool ProfilesPane::ensureConnected()
{
    const QString error = Reconnect::ensureConnected(m_session->connection());
    if (!error.isEmpty())
        Q_EMIT errorOccurred(tr("Database unreachable"), error);
    return error.isEmpty();
}

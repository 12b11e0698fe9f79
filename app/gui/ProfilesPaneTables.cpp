// The Profiles pane's session and profile table: the "Profile table" selector, shown when the database has
// several, and the model made for the table chosen.
#include "ProfilesPane.h"

#include "ui_ProfilesPane.h"

#include "ColumnFilterMenu.h"
#include "DatabaseSession.h"
#include "EmptyResultNote.h"
#include "GridClipboard.h"
#include "ProfilesModel.h"

#include <QAction>
#include <QHeaderView>

namespace {

bool sameTable(const ProfileSchema &a, const ProfileSchema &b)
{
    return a.profileTable == b.profileTable && a.linkColumn == b.linkColumn;
}

} // namespace

void ProfilesPane::setUpTableSelector()
{
    m_ui->tableChooser->hide();
    connect(m_ui->tableSelector, &QComboBox::currentIndexChanged, this, &ProfilesPane::chooseTable);
}

void ProfilesPane::setSession(DatabaseSession *session)
{
    m_session = session;
    {
        const QSignalBlocker blocker(m_ui->tableSelector);
        m_ui->tableSelector->clear();
        if (session) {
            for (const ProfileSchema &profile : session->profiles()) {
                m_ui->tableSelector->addItem(profile.profileTable.display());
                if (sameTable(profile, session->schema()))
                    m_ui->tableSelector->setCurrentIndex(m_ui->tableSelector->count() - 1);
            }
        }
    }
    m_ui->tableChooser->setVisible(session && session->profiles().size() > 1);
    showTable(session ? session->schema() : ProfileSchema());
}

void ProfilesPane::chooseTable(int index)
{
    if (!m_session || index < 0 || index >= m_session->profiles().size())
        return;
    const ProfileSchema chosen = m_session->profiles().at(index);
    if (sameTable(chosen, m_schema))
        return;
    const QString name = chosen.profileTable.display();
    // Another table is another model: held edits are saved or dropped first, as when opening a database.
    if (m_creating)
        Q_EMIT statusMessage(tr("Profiles are being created; choose another table once that has finished."));
    if (m_creating || !settleEdits(tr("showing %1").arg(name))) {
        const QSignalBlocker blocker(m_ui->tableSelector);
        for (int i = 0; i < m_session->profiles().size(); ++i) {
            if (sameTable(m_session->profiles().at(i), m_schema))
                m_ui->tableSelector->setCurrentIndex(i);
        }
        return;
    }
    showTable(chosen);
    Q_EMIT statusMessage(tr("Showing the profiles of %1.").arg(name), 5000);
}

void ProfilesPane::showTable(const ProfileSchema &schema)
{
    DatabaseSession *session = m_session;
    m_schema = schema;
    m_writeAccess = !session ? WriteAccess()
                    : sameTable(schema, session->schema())
                        ? session->writeAccess()
                        : WriteAccess::check(session->connection(), schema);
    std::unique_ptr<ProfilesModel> model;
    if (session)
        model = std::make_unique<ProfilesModel>(session->database(), session->url(), schema);
    // The view lets go of the old model before it is destroyed.
    QItemSelectionModel *oldSelection = m_ui->profilesView->selectionModel();
    m_ui->profilesView->setModel(model.get());
    delete oldSelection;
    m_model = std::move(model);
    m_ui->searchEdit->setEnabled(m_model != nullptr);
    m_filterMenu->action()->setEnabled(m_model != nullptr);
    m_emptyNote->setNote(QString());
    if (!m_model) {
        changed();
        Q_EMIT profileTableChanged();
        return;
    }
    if (!m_ui->searchEdit->text().trimmed().isEmpty())
        m_model->setSearchText(m_ui->searchEdit->text().trimmed());

    connect(m_model.get(), &QAbstractItemModel::dataChanged, this, &ProfilesPane::changed);
    connect(m_model.get(), &QAbstractItemModel::dataChanged, this, &ProfilesPane::widenToFit);
    connect(m_model.get(), &QAbstractItemModel::modelReset, this, &ProfilesPane::changed);
    connect(m_model.get(), &ProfilesModel::totalChanged, this, &ProfilesPane::changed);
    connect(m_model.get(), &ProfilesModel::pageStartChanged, this, &ProfilesPane::changed);
    connect(m_model.get(), &ProfilesModel::totalChanged, this, &ProfilesPane::countsChanged);
    connect(m_model.get(), &ProfilesModel::totalChanged, this, &ProfilesPane::updateEmptyNote);
    connect(m_model.get(), &QAbstractItemModel::modelReset, this, &ProfilesPane::updateEmptyNote);
    connect(m_ui->profilesView->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &ProfilesPane::changed);
    connect(m_ui->profilesView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ProfilesPane::changed);
    // The model starts sorted by its key; the header says so without sorting again.
    m_sortColumn = m_model->keyColumn();
    m_sortOrder = Qt::AscendingOrder;
    {
        const QSignalBlocker blocker(m_ui->profilesView->horizontalHeader());
        m_ui->profilesView->horizontalHeader()->setSortIndicator(m_sortColumn, m_sortOrder);
    }
    m_ui->profilesView->resizeColumnsToContents();
    if (m_model->lastError().isValid())
        Q_EMIT statusMessage(tr("Could not read the profiles: %1").arg(m_model->lastErrorMessage()));
    m_clipboard->setReadOnlyReason(
        m_writeAccess.canEdit()
            ? QString()
            : tr("Profiles cannot be changed on this connection: %1.").arg(m_writeAccess.editProblem()));
    // A grid that cannot be saved accepts no edits to lose.
    m_ui->profilesView->setEditTriggers(m_writeAccess.canEdit() ? QAbstractItemView::DoubleClicked |
                                                                      QAbstractItemView::EditKeyPressed |
                                                                      QAbstractItemView::AnyKeyPressed
                                                                : QAbstractItemView::NoEditTriggers);
    updatePageLabel();
    Q_EMIT profileTableChanged();
}

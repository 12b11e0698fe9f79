#include "UsersPane.h"

#include "ui_UsersPane.h"

#include "CellDelegate.h"
#include "ColumnFilterMenu.h"
#include "DatabaseSession.h"
#include "GridClipboard.h"
#include "EmptyResultNote.h"
#include "SelectedRows.h"
#include "UsersHighlightProxy.h"
#include "UsersModel.h"

#include <QAction>
#include <QHeaderView>

namespace {

// "Create profile" looks at this many selected users at most; more is a job for "Create missing profiles".
constexpr int MaxSelectedUsers = 10000;

// The milliseconds typing may pause before the search runs.
constexpr int SearchDelayMs = 300;

} // namespace

UsersPane::UsersPane(QWidget *parent)
    : QWidget(parent)
    , m_ui(new Ui::UsersPane)
    , m_proxy(new UsersHighlightProxy(this))
    , m_filterMenu(nullptr)
    , m_emptyNote(nullptr)
{
    m_ui->setupUi(this);
    QFont title = m_ui->usersTitle->font();
    title.setBold(true);
    m_ui->usersTitle->setFont(title);

    QTableView *view = m_ui->usersView;
    view->setModel(m_proxy);
    CellDelegate::setUpView(view);
    view->sortByColumn(0, Qt::AscendingOrder);
    m_emptyNote = new EmptyResultNote(view);
    m_filterMenu = new ColumnFilterMenu(
        view,
        [this](int column) {
            return m_model ? m_model->columns().value(column).family : ColumnFamily::Other;
        },
        [this] { return m_model ? m_model->columnFilter() : ColumnFilter(); });
    m_filterMenu->action()->setEnabled(false);
    connect(m_filterMenu, &ColumnFilterMenu::filterChosen, this, &UsersPane::applyColumnFilter);
    m_ui->searchEdit->setEnabled(false);
    m_ui->onlyMissingCheckBox->setEnabled(false);

    m_searchTimer.setSingleShot(true);
    m_searchTimer.setInterval(SearchDelayMs);
    connect(m_ui->onlyMissingCheckBox, &QCheckBox::toggled, this, &UsersPane::onlyMissingToggled);
    // The search runs when typing pauses, or at once on Return.
    connect(m_ui->searchEdit, &QLineEdit::textChanged, this, [this] { m_searchTimer.start(); });
    connect(m_ui->searchEdit, &QLineEdit::returnPressed, this, &UsersPane::applySearch);
    connect(&m_searchTimer, &QTimer::timeout, this, &UsersPane::applySearch);
    connect(view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &UsersPane::stateChanged);
    connect(view, &QAbstractItemView::activated, this, &UsersPane::activated);
    connect(m_proxy, &QAbstractItemModel::dataChanged, this, &UsersPane::stateChanged);
    m_clipboard = new GridClipboard(view, GridClipboard::Editing::ReadOnly);
    m_clipboard->setReadOnlyReason(tr("The Users view is read-only: nothing can be pasted into it. Profiles "
                                      "are edited in the Profiles view."));
    connect(m_clipboard, &GridClipboard::statusMessage, this, &UsersPane::statusMessage);
}

QList<QAction *> UsersPane::clipboardActions() const
{
    return m_clipboard->actions();
}

UsersPane::~UsersPane()
{
    m_proxy->setSourceModel(nullptr);
}

void UsersPane::setActions(QAction *createProfile, QAction *createMissing)
{
    m_ui->createProfileButton->setDefaultAction(createProfile);
    m_ui->createMissingButton->setDefaultAction(createMissing);
    m_ui->usersView->addAction(createProfile);
    m_ui->usersView->addAction(createMissing);
}

void UsersPane::setSession(const DatabaseSession *session)
{
    std::unique_ptr<UsersModel> model;
    if (session)
        model = std::make_unique<UsersModel>(session->database(), session->url(), session->schema());
    // The proxy lets go of the old model before it is destroyed.
    m_proxy->setSourceModel(model.get());
    m_model = std::move(model);
    m_columnsSized = false;
    m_ui->onlyMissingCheckBox->setEnabled(session != nullptr);
    m_ui->searchEdit->setEnabled(session != nullptr);
    m_filterMenu->action()->setEnabled(session != nullptr);
    m_emptyNote->setNote(QString());
    if (!m_model)
        return;

    m_model->setOnlyMissing(m_ui->onlyMissingCheckBox->isChecked());
    m_model->setSearchText(m_ui->searchEdit->text().trimmed());
    connect(m_model.get(), &UsersModel::countsChanged, this, &UsersPane::countsChanged);
    connect(m_model.get(), &UsersModel::countsChanged, this, &UsersPane::stateChanged);
    // The number of users that match goes to the status bar; none at all is said inside the view.
    connect(m_model.get(), &UsersModel::totalKnown, this, &UsersPane::countsChanged);
    connect(m_model.get(), &QAbstractItemModel::modelReset, this, &UsersPane::countsChanged);
    connect(m_model.get(), &UsersModel::totalKnown, this, &UsersPane::updateEmptyNote);
    connect(m_model.get(), &QAbstractItemModel::modelReset, this, &UsersPane::updateEmptyNote);
    connect(m_model.get(), &UsersModel::errorOccurred, this,
            [this](const QString &message) { Q_EMIT statusMessage(message); });
    connect(m_model.get(), &UsersModel::rowsLoaded, this, [this] {
        // Only a visible view measures just the rows on screen; a hidden one would ask for every row.
        if (m_columnsSized || !m_ui->usersView->isVisible())
            return;
        m_columnsSized = true;
        m_ui->usersView->resizeColumnsToContents();
    });
    // The model starts sorted by its key, the first column; the header says so without sorting again.
    const QSignalBlocker blocker(m_ui->usersView->horizontalHeader());
    m_ui->usersView->horizontalHeader()->setSortIndicator(0, Qt::AscendingOrder);
}

void UsersPane::refresh()
{
    if (m_model)
        m_model->refresh();
}

qint64 UsersPane::userCount() const
{
    return m_model ? m_model->userCount() : -1;
}

qint64 UsersPane::missingCount() const
{
    return m_model ? m_model->missingCount() : -1;
}

bool UsersPane::isNarrowed() const
{
    return m_model && m_model->isNarrowed();
}

qint64 UsersPane::matchCount() const
{
    return m_model && m_model->isTotalKnown() ? m_model->matchCount() : -1;
}

QVariantList UsersPane::selectedUsersWithoutProfile() const
{
    QVariantList keys;
    if (!m_model)
        return keys;
    // Ranges, not selectedRows(): a select-all over a million users must not build a million indexes.
    int seen = 0;
    for (const QItemSelectionRange &range : m_ui->usersView->selectionModel()->selection()) {
        for (int row = range.top(); row <= range.bottom() && seen < MaxSelectedUsers; ++row, ++seen) {
            const QModelIndex index = m_proxy->index(row, 0);
            if (index.data(UsersModel::MissingProfileRole).toBool())
                keys << index.data(UsersModel::UserKeyRole);
        }
    }
    return keys;
}

void UsersPane::setOnlyMissing(bool onlyMissing)
{
    m_ui->onlyMissingCheckBox->setChecked(onlyMissing);
    if (m_model)
        m_model->setOnlyMissing(onlyMissing);
}

void UsersPane::focusSearch()
{
    m_ui->searchEdit->setFocus(Qt::ShortcutFocusReason);
    m_ui->searchEdit->selectAll();
}

QList<std::pair<qint64, qint64>> UsersPane::selectedRowRanges() const
{
    return SelectedRows::ranges(m_ui->usersView->selectionModel()->selection());
}

void UsersPane::addContextAction(QAction *action)
{
    m_ui->usersView->addAction(action);
}

void UsersPane::applySearch()
{
    m_searchTimer.stop();
    if (m_model)
        m_model->setSearchText(m_ui->searchEdit->text().trimmed());
}

void UsersPane::applyColumnFilter(const ColumnFilter &filter)
{
    if (m_model)
        m_model->setColumnFilter(filter);
}

void UsersPane::updateEmptyNote()
{
    const bool empty = m_model && m_model->isTotalKnown() && m_model->rowCount() == 0;
    QString note;
    if (empty && !m_model->searchText().isEmpty())
        note = tr("No users match “%1”").arg(m_model->searchText());
    else if (empty && m_model->isNarrowed())
        note = tr("No users match the column filters");
    else if (empty && m_model->onlyMissing())
        note = tr("Every user has a profile");
    m_emptyNote->setNote(note);
}

void UsersPane::activated(const QModelIndex &index)
{
    if (!m_model || !index.isValid() || index.data(UsersModel::MissingProfileRole).toBool())
        return;
    Q_EMIT profileRequested(index.data(UsersModel::UserKeyRole));
}

#include "UsersPane.h"

#include "ui_UsersPane.h"

#include "CellDelegate.h"
#include "ColumnFilterMenu.h"
#include "DatabaseSession.h"
#include "EmptyResultNote.h"
#include "GridClipboard.h"
#include "SelectedRows.h"
#include "UsersHighlightProxy.h"
#include "UsersModel.h"

#include <QAction>
#include <QHeaderView>
#include <QScrollBar>

namespace {

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
    connect(view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &UsersPane::rememberSelection);
    connect(view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &UsersPane::stateChanged);
    // A new order or filter shows other rows: the columns are fitted to them again (not for a moved window).
    connect(m_proxy, &QAbstractItemModel::modelReset, this, [this] {
        if (m_movingWindow)
            return;
        m_columnsSized = false;
        m_keptCurrentPosition = -1;
        m_unreadSelected.clear();
    });
    connect(view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) {
                if (!m_restoringSelection)
                    m_currentKey = current.data(UsersModel::UserKeyRole);
            });
    connect(view, &QAbstractItemView::activated, this, &UsersPane::activated);
    connect(m_proxy, &QAbstractItemModel::dataChanged, this, &UsersPane::stateChanged);
    m_clipboard = new GridClipboard(view, GridClipboard::Editing::ReadOnly);
    m_clipboard->setReadOnlyReason(tr("The Users view is read-only: nothing can be pasted into it. Profiles "
                                      "are edited in the Profiles view."));
    connect(m_clipboard, &GridClipboard::statusMessage, this, &UsersPane::statusMessage);
    setUpWindowNavigation();
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
        model = std::make_unique<UsersModel>(session->database(), session->url(), session->schema(),
                                             session->profiles());
    // The proxy lets go of the old model before it is destroyed.
    m_proxy->setSourceModel(model.get());
    m_model = std::move(model);
    m_session = session;
    m_profileTable = session ? session->schema().profileTable.display() : QString();
    m_columnsSized = false;
    m_selectedKeys.clear();
    m_selectionByKeys = true;
    m_pendingUser.clear();
    m_pendingRow = -1;
    m_currentKey.clear();
    m_unreadSelected.clear();
    m_keptCurrentPosition = -1;
    m_endPending = false;
    updateWindowLabel();
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
    connect(m_model.get(), &UsersModel::searchPhaseChanged, this, &UsersPane::countsChanged);
    connect(m_model.get(), &QAbstractItemModel::modelReset, this, &UsersPane::countsChanged);
    connect(m_model.get(), &UsersModel::totalKnown, this, &UsersPane::updateEmptyNote);
    connect(m_model.get(), &QAbstractItemModel::modelReset, this, &UsersPane::updateEmptyNote);
    connect(m_model.get(), &UsersModel::errorOccurred, this,
            [this](const QString &message) { Q_EMIT statusMessage(message); });
    connect(m_model.get(), &UsersModel::rowsLoaded, this, &UsersPane::rowsLoaded);
    connect(m_model.get(), &UsersModel::windowMoved, this, &UsersPane::updateWindowLabel);
    connect(m_model.get(), &UsersModel::totalKnown, this, &UsersPane::updateWindowLabel);
    // Queued: the window moves again outside the model's own handling of the count.
    connect(m_model.get(), &UsersModel::totalKnown, this, &UsersPane::reachPendingEnd, Qt::QueuedConnection);
    connect(m_model.get(), &UsersModel::sizeEstimated, this, &UsersPane::reachPendingEnd,
            Qt::QueuedConnection);
    connect(m_model.get(), &QAbstractItemModel::modelReset, this, &UsersPane::updateWindowLabel);
    connect(m_model.get(), &UsersModel::totalKnown, this, [this] {
        if (m_pendingUser.isValid())
            showPendingUser();
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

QStringList UsersPane::profileTableNames() const
{
    QStringList names;
    if (m_model) {
        for (const ProfileSchema &profile : m_model->profileTables())
            names << profile.profileTable.display();
    }
    return names;
}

QList<qint64> UsersPane::missingCountsByTable() const
{
    return m_model ? m_model->missingCountsByTable() : QList<qint64>();
}

void UsersPane::setProfileTable(const QString &table)
{
    m_profileTable = table;
    Q_EMIT stateChanged();
}

bool UsersPane::lacksShownProfile(const QModelIndex &index) const
{
    if (!m_model || m_model->profileTables().size() < 2)
        return index.data(UsersModel::MissingProfileRole).toBool();
    return index.data(UsersModel::MissingTablesRole).toStringList().contains(m_profileTable);
}

bool UsersPane::isNarrowed() const
{
    return m_model && m_model->isNarrowed();
}

qint64 UsersPane::matchCount() const
{
    return m_model && m_model->isTotalKnown() ? m_model->matchCount() : -1;
}

QVariantList UsersPane::selectedUsersWithoutProfile(QList<qint64> *lackingByTable) const
{
    QVariantList keys;
    const QStringList tables = profileTableNames();
    if (lackingByTable)
        *lackingByTable = QList<qint64>(tables.size(), 0);
    if (!m_model)
        return keys;
    // Ranges, not selectedRows(): a select-all over a million users must not build a million indexes.
    int seen = 0;
    for (const QItemSelectionRange &range : m_ui->usersView->selectionModel()->selection()) {
        for (int row = range.top(); row <= range.bottom() && seen < MaxSelectedUsers; ++row, ++seen) {
            const QModelIndex index = m_proxy->index(row, 0);
            // "Create profile" creates in every table a user lacks, so lacking any one counts.
            if (!index.data(UsersModel::MissingProfileRole).toBool())
                continue;
            keys << index.data(UsersModel::UserKeyRole);
            if (lackingByTable)
                addLackingTables(index, lackingByTable);
        }
    }
    return keys;
}

void UsersPane::addLackingTables(const QModelIndex &index, QList<qint64> *lackingByTable) const
{
    const QStringList tables = profileTableNames();
    if (lackingByTable->isEmpty())
        return;
    if (tables.size() < 2) {
        (*lackingByTable)[0] += 1;
        return;
    }
    const QStringList missing = index.data(UsersModel::MissingTablesRole).toStringList();
    for (qsizetype table = 0; table < tables.size(); ++table) {
        if (missing.contains(tables.at(table)))
            (*lackingByTable)[table] += 1;
    }
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
    QList<std::pair<qint64, qint64>> ranges =
        SelectedRows::ranges(m_ui->usersView->selectionModel()->selection());
    // View rows are positions in the model's window.
    const qint64 start = m_model ? m_model->windowStart() : 0;
    for (auto &range : ranges)
        range = {range.first + start, range.second + start};
    return ranges;
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
    if (!m_model || !index.isValid())
        return;
    const QVariant key = index.data(UsersModel::UserKeyRole);
    if (!key.isValid())
        return; // a row still loading
    if (!lacksShownProfile(index)) {
        Q_EMIT profileRequested(key);
        return;
    }
    const int username = [this] {
        for (int column = 0; column < m_proxy->columnCount(); ++column) {
            if (m_proxy->headerData(column, Qt::Horizontal).toString() == QLatin1String("username"))
                return column;
        }
        return -1;
    }();
    const QString name = username >= 0 ? m_proxy->index(index.row(), username).data().toString() : QString();
    QList<qint64> lackingByTable(profileTableNames().size(), 0);
    addLackingTables(index, &lackingByTable);
    Q_EMIT createProfileRequested(key, name.isEmpty() ? key.toString() : name, lackingByTable);
}

void UsersPane::rowsLoaded(int first, int last)
{
    QTableView *view = m_ui->usersView;
    restoreSelection(first, last);
    // Only a visible view measures just the rows on screen; a hidden one would ask for every row.
    if (view->isVisible()) {
        if (!m_columnsSized) {
            m_columnsSized = true;
            view->resizeColumnsToContents();
            Q_EMIT columnsFitted();
        }
        // Rows shown later may carry the no-profile icon beside a longer key: the key column grows for them.
        const int keyWidth = static_cast<QAbstractItemView *>(view)->sizeHintForColumn(0);
        if (keyWidth > view->columnWidth(0))
            view->setColumnWidth(0, keyWidth);
    }
    if (m_pendingUser.isValid())
        showPendingUser();
}

void UsersPane::showUsersWithoutProfile()
{
    setOnlyMissing(true);
    m_ui->usersView->setFocus(Qt::OtherFocusReason);
}

int UsersPane::preferredWidth() const
{
    const QTableView *view = m_ui->usersView;
    const QHeaderView *header = view->horizontalHeader();
    int columns = 0;
    for (int column = 0; column < header->count(); ++column)
        columns += header->isSectionHidden(column) ? 0 : header->sectionSize(column);
    // Everything around the columns as laid out now, plus a vertical scroll bar should it come.
    const int around = width() - view->viewport()->width();
    const int scrollBar =
        view->verticalScrollBar()->isVisible() ? 0 : view->verticalScrollBar()->sizeHint().width();
    return columns + around + scrollBar;
}

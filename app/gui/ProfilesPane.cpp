#include "ProfilesPane.h"

#include "ui_ProfilesPane.h"

#include "CellDelegate.h"
#include "ColumnFilterMenu.h"
#include "DatabaseSession.h"
#include "EmptyResultNote.h"
#include "GridClipboard.h"
#include "ProfilesModel.h"
#include "SelectedRows.h"

#include <QAction>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLineEdit>
#include <QLocale>
#include <QSqlError>

#include <algorithm>

ProfilesPane::ProfilesPane(QWidget *parent)
    : QWidget(parent)
    , m_ui(new Ui::ProfilesPane)
{
    m_ui->setupUi(this);
    QFont title = m_ui->profilesTitle->font();
    title.setBold(true);
    m_ui->profilesTitle->setFont(title);

    QTableView *view = m_ui->profilesView;
    CellDelegate::setUpView(view);
    // Sorting profiles drops unsaved edits, so the header asks the pane first instead of the model.
    QHeaderView *header = view->horizontalHeader();
    header->setSectionsClickable(true);
    header->setSortIndicatorShown(true);
    header->setSortIndicator(0, Qt::AscendingOrder);
    connect(header, &QHeaderView::sortIndicatorChanged, this, &ProfilesPane::sortProfiles);
    view->installEventFilter(this);
    m_clipboard = new GridClipboard(view, GridClipboard::Editing::Editable);
    connect(m_clipboard, &GridClipboard::statusMessage, this, &ProfilesPane::statusMessage);

    setUpFinding();
    setUpTableSelector();
}

ProfilesPane::~ProfilesPane()
{
    m_ui->profilesView->setModel(nullptr);
}

void ProfilesPane::setActions(const Actions &actions)
{
    m_ui->saveButton->setDefaultAction(actions.saveChanges);
    m_ui->revertButton->setDefaultAction(actions.revertChanges);
    m_ui->firstPageButton->setDefaultAction(actions.firstPage);
    m_ui->previousPageButton->setDefaultAction(actions.previousPage);
    m_ui->nextPageButton->setDefaultAction(actions.nextPage);
    m_ui->lastPageButton->setDefaultAction(actions.lastPage);
    m_ui->profilesView->addAction(actions.setNull);
    m_ui->profilesView->addAction(actions.revertRows);
    m_ui->profilesView->addAction(actions.revertChanges);
    m_ui->profilesView->addAction(actions.saveChanges);
    // Delete clears cells only in this view (an editor open there keeps the key for itself).
    actions.setNull->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(actions.saveChanges, &QAction::triggered, this, &ProfilesPane::save);
    connect(actions.revertChanges, &QAction::triggered, this, &ProfilesPane::revertChanges);
    connect(actions.revertRows, &QAction::triggered, this, &ProfilesPane::revertSelectedRows);
    connect(actions.setNull, &QAction::triggered, this, &ProfilesPane::setSelectionToNull);
    connect(actions.firstPage, &QAction::triggered, this,
            [this] { showPage([](ProfilesModel &model) { return model.showFirstPage(); }); });
    connect(actions.previousPage, &QAction::triggered, this,
            [this] { showPage([](ProfilesModel &model) { return model.showPreviousPage(); }); });
    connect(actions.nextPage, &QAction::triggered, this,
            [this] { showPage([](ProfilesModel &model) { return model.showNextPage(); }); });
    connect(actions.lastPage, &QAction::triggered, this,
            [this] { showPage([](ProfilesModel &model) { return model.showLastPage(); }); });
}

QList<QAction *> ProfilesPane::clipboardActions() const
{
    return m_clipboard->actions();
}

void ProfilesPane::setEditActions(QAction *undo, QAction *redo, QAction *revertCells)
{
    m_ui->profilesView->addAction(revertCells);
    connect(undo, &QAction::triggered, this, &ProfilesPane::undo);
    connect(redo, &QAction::triggered, this, &ProfilesPane::redo);
    connect(revertCells, &QAction::triggered, this, &ProfilesPane::revertSelectedCells);
}

void ProfilesPane::setCreatingProfiles(bool creating)
{
    m_creating = creating;
}

bool ProfilesPane::isDirty() const
{
    return m_model && m_model->isDirty();
}

bool ProfilesPane::isSelectionEdited() const
{
    if (!isDirty())
        return false;
    const QList<int> rows = selectedRows();
    return std::any_of(rows.begin(), rows.end(), [this](int row) { return m_model->isRowEdited(row); });
}

bool ProfilesPane::hasPreviousPage() const
{
    return m_model && m_model->hasPreviousPage();
}

bool ProfilesPane::hasNextPage() const
{
    return m_model && m_model->hasNextPage();
}

bool ProfilesPane::isBeforeLastPage() const
{
    return m_model && m_model->hasNextPage();
}

void ProfilesPane::refresh()
{
    if (!m_model)
        return;
    // Reading the page again resets the grid; the cursor comes back to the same profile and column.
    const QModelIndex current = m_ui->profilesView->currentIndex();
    const QVariant key = current.data(ProfilesModel::ProfileKeyRole);
    m_model->select();
    m_model->recount();
    const int row = current.isValid() ? m_model->rowOfKey(key) : -1;
    if (row >= 0)
        m_ui->profilesView->setCurrentIndex(m_model->index(row, current.column()));
}

void ProfilesPane::reload()
{
    if (!m_model)
        return;
    m_model->recount();
    m_model->select();
}

void ProfilesPane::recount()
{
    if (m_model)
        m_model->recount();
}

void ProfilesPane::showProfileOf(const QVariant &userKey)
{
    showProfile(userKey, false);
}

void ProfilesPane::showNewProfileOf(const QVariant &userKey)
{
    showProfile(userKey, true);
}

QList<std::pair<qint64, qint64>> ProfilesPane::selectedRowRanges() const
{
    if (!m_model)
        return {};
    return SelectedRows::ranges(m_ui->profilesView->selectionModel()->selection(), m_model->pageStart());
}

QVariant ProfilesPane::currentOwnerKey() const
{
    const QModelIndex current = m_ui->profilesView->currentIndex();
    if (!m_model || !current.isValid())
        return {};
    return m_model->index(current.row(), m_model->linkColumn()).data(Qt::EditRole);
}

void ProfilesPane::addContextAction(QAction *action)
{
    m_ui->profilesView->addAction(action);
}

bool ProfilesPane::eventFilter(QObject *watched, QEvent *event)
{
    // Ctrl+Home and Ctrl+End reach the first and the last profile, across pages.
    if (watched == m_ui->profilesView && event->type() == QEvent::KeyPress && m_model) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->modifiers() == Qt::NoModifier && key->key() == Qt::Key_F2 && editAtEnd())
            return true;
        // Set to NULL takes Delete when it may; otherwise it lands here, and must not start an editor.
        if (key->modifiers() == Qt::NoModifier && key->key() == Qt::Key_Delete) {
            explainNoNull();
            return true;
        }
        if (key->modifiers() == Qt::ControlModifier && key->key() == Qt::Key_End && m_model->hasNextPage()) {
            showPage([](ProfilesModel &model) { return model.showLastPage(); }, true);
            return true;
        }
        if (key->modifiers() == Qt::ControlModifier && key->key() == Qt::Key_Home &&
            m_model->hasPreviousPage()) {
            showPage([](ProfilesModel &model) { return model.showFirstPage(); });
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void ProfilesPane::changed()
{
    updatePageLabel();
    Q_EMIT stateChanged();
}

void ProfilesPane::updatePageLabel()
{
    if (!m_model) {
        m_ui->pageLabel->clear();
        return;
    }
    const QLocale locale;
    const qint64 start = m_model->pageStart();
    const qint64 total = m_model->totalRows();
    const int rows = m_model->rowCount();
    const QString of = total >= 0 ? locale.toString(total) : tr("…");
    if (rows == 0)
        m_ui->pageLabel->setText(m_model->isNarrowed() ? tr("No profiles match") : tr("No profiles"));
    else if (start < 0)
        // Read again from its first profile, the page's place in the order is being counted.
        m_ui->pageLabel->setText(
            tr("%1 profiles of %2, position being counted").arg(locale.toString(rows), of));
    else
        m_ui->pageLabel->setText(
            tr("Profiles %1–%2 of %3").arg(locale.toString(start + 1), locale.toString(start + rows), of));
}

void ProfilesPane::showPage(const std::function<bool(ProfilesModel &)> &move, bool lastRow)
{
    if (!m_model || !settleEdits(tr("showing other profiles")) || !ensureConnected())
        return;
    if (!move(*m_model)) {
        Q_EMIT errorOccurred(tr("Could not read the profiles"), m_model->lastErrorMessage());
        return;
    }
    const int row = lastRow ? m_model->rowCount() - 1 : 0;
    const QModelIndex current = m_ui->profilesView->currentIndex();
    m_ui->profilesView->setCurrentIndex(m_model->index(row, current.isValid() ? current.column() : 0));
}

void ProfilesPane::sortProfiles(int column, Qt::SortOrder order)
{
    if (!m_model || !settleEdits(tr("sorting")) || !ensureConnected()) {
        // The header already shows the new order: put it back.
        const QSignalBlocker blocker(m_ui->profilesView->horizontalHeader());
        m_ui->profilesView->horizontalHeader()->setSortIndicator(m_sortColumn, m_sortOrder);
        return;
    }
    m_sortColumn = column;
    m_sortOrder = order;
    m_model->sort(column, order);
}

void ProfilesPane::showProfile(const QVariant &userKey, bool created)
{
    // A profile just created needs no settling: the edits were settled before creating it.
    if (!m_model || (!created && (!settleEdits(tr("showing another profile")) || !ensureConnected())))
        return;
    QString error;
    bool hidden = false;
    int row = m_model->showProfileOf(userKey, &error, &hidden);
    // The search or a filter hides it: they give way, and the status bar says so.
    if (hidden) {
        const QSignalBlocker blocker(m_ui->searchEdit);
        m_searchTimer.stop();
        m_ui->searchEdit->clear();
        m_model->setSearchText(QString());
        m_model->setColumnFilter(ColumnFilter());
        Q_EMIT statusMessage(tr("Cleared the search and the column filters to show the profile."), 5000);
        row = m_model->showProfileOf(userKey, &error);
    }
    if (row >= 0)
        selectProfileRow(row);
    else if (!error.isEmpty())
        Q_EMIT errorOccurred(
            created ? tr("Could not show the new profile") : tr("Could not show the profile"), error);
}

void ProfilesPane::selectProfileRow(int row)
{
    int column = 0;
    for (int c = 0; c < m_model->columnCount(); ++c) {
        if (m_model->flags(m_model->index(row, c)) & Qt::ItemIsEditable) {
            column = c;
            break;
        }
    }
    const QModelIndex cell = m_model->index(row, column);
    m_ui->profilesView->setCurrentIndex(cell);
    m_ui->profilesView->scrollTo(cell, QAbstractItemView::PositionAtCenter);
    m_ui->profilesView->setFocus(Qt::OtherFocusReason);
}

QModelIndexList ProfilesPane::selectedCells() const
{
    QModelIndexList cells = m_ui->profilesView->selectionModel()->selectedIndexes();
    cells << m_ui->profilesView->currentIndex();
    return cells;
}

QList<int> ProfilesPane::selectedRows() const
{
    QList<int> rows;
    for (const QModelIndex &cell : selectedCells()) {
        if (cell.isValid() && !rows.contains(cell.row()))
            rows << cell.row();
    }
    return rows;
}

#include "MainWindow.h"

#include "ui_MainWindow.h"

#include "CellDelegate.h"
#include "ChoicePrompt.h"
#include "ConnectionDialog.h"
#include "ConnectionProbe.h"
#include "CreateMissingDialog.h"
#include "DatabaseSession.h"
#include "DemoDatabase.h"
#include "Icons.h"
#include "MessageBox.h"
#include "MissingProfileFixer.h"
#include "RecentConnections.h"
#include "UsersHighlightProxy.h"
#include "WriteAccess.h"

#include <QCloseEvent>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QProgressDialog>
#include <QPushButton>
#include <QSettings>

namespace {

// Settings keys carry the Qt major version: a state saved by another Qt is not read back (qBittorrent's way).
const QString GeometryKey = QStringLiteral("GUI/Qt6/geometry");
const QString SplitterKey = QStringLiteral("GUI/Qt6/splitterState");

// "Create profile" looks at this many selected users at most; more is a job for "Create missing profiles".
constexpr int MaxSelectedUsers = 10000;

// The milliseconds typing may pause before the search runs.
constexpr int SearchDelayMs = 300;

QString count(qint64 value)
{
    return QLocale().toString(value);
}

} // namespace

MainWindow::MainWindow(const GuiOptions &options, QWidget *parent)
    : QMainWindow(parent)
    , m_ui(new Ui::MainWindow)
    , m_options(options)
    , m_usersProxy(new UsersHighlightProxy(this))
    , m_countsLabel(new QLabel(this))
{
    m_ui->setupUi(this);
    setWindowIcon(Icons::icon(QStringLiteral("profile-admin")));
    m_countsLabel->setAccessibleName(tr("Counts"));
    statusBar()->addPermanentWidget(m_countsLabel);

    const QList<QPair<QAction *, QString>> icons{
        {m_ui->actionOpenDatabase, QStringLiteral("open-database")},
        {m_ui->actionRefresh, QStringLiteral("refresh")},
        {m_ui->actionCreateProfile, QStringLiteral("create-profile")},
        {m_ui->actionCreateMissingProfiles, QStringLiteral("create-missing")},
        {m_ui->actionSaveChanges, QStringLiteral("save")},
        {m_ui->actionRevertChanges, QStringLiteral("revert")},
        {m_ui->actionRevertRows, QStringLiteral("revert")},
        {m_ui->actionSetNull, QStringLiteral("set-null")},
        {m_ui->actionFirstPage, QStringLiteral("go-first")},
        {m_ui->actionPreviousPage, QStringLiteral("go-previous")},
        {m_ui->actionNextPage, QStringLiteral("go-next")},
        {m_ui->actionLastPage, QStringLiteral("go-last")}};
    for (const auto &[action, name] : icons)
        action->setIcon(Icons::icon(name));
    // The buttons are the actions' faces; the menus hold the same actions with their shortcuts.
    m_ui->createProfileButton->setDefaultAction(m_ui->actionCreateProfile);
    m_ui->createMissingButton->setDefaultAction(m_ui->actionCreateMissingProfiles);
    m_ui->saveButton->setDefaultAction(m_ui->actionSaveChanges);
    m_ui->revertButton->setDefaultAction(m_ui->actionRevertChanges);
    m_ui->firstPageButton->setDefaultAction(m_ui->actionFirstPage);
    m_ui->previousPageButton->setDefaultAction(m_ui->actionPreviousPage);
    m_ui->nextPageButton->setDefaultAction(m_ui->actionNextPage);
    m_ui->lastPageButton->setDefaultAction(m_ui->actionLastPage);
    // Buttons named without the dialog ellipsis, as docs/gui-walkthrough.md names them.
    m_ui->actionCreateMissingProfiles->setIconText(tr("Create missing profiles"));

    QFont title = m_ui->usersTitle->font();
    title.setBold(true);
    m_ui->usersTitle->setFont(title);
    m_ui->profilesTitle->setFont(title);

    m_ui->usersView->setModel(m_usersProxy);
    m_ui->usersView->setItemDelegate(new CellDelegate(this));
    m_ui->profilesView->setItemDelegate(new CellDelegate(this));
    // A million rows: fixed row heights, never sized to contents (docs/performance.md).
    for (QTableView *view : {m_ui->usersView, m_ui->profilesView}) {
        view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
        view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
        view->horizontalHeader()->setHighlightSections(false);
    }
    m_ui->usersView->sortByColumn(0, Qt::AscendingOrder);
    // Sorting profiles drops unsaved edits, so the header asks the window first instead of the model.
    QHeaderView *profilesHeader = m_ui->profilesView->horizontalHeader();
    profilesHeader->setSectionsClickable(true);
    profilesHeader->setSortIndicatorShown(true);
    profilesHeader->setSortIndicator(0, Qt::AscendingOrder);
    connect(profilesHeader, &QHeaderView::sortIndicatorChanged, this, &MainWindow::sortProfiles);

    m_ui->usersView->addAction(m_ui->actionCreateProfile);
    m_ui->usersView->addAction(m_ui->actionCreateMissingProfiles);
    m_ui->profilesView->addAction(m_ui->actionSetNull);
    m_ui->profilesView->addAction(m_ui->actionRevertRows);
    m_ui->profilesView->addAction(m_ui->actionRevertChanges);
    m_ui->profilesView->addAction(m_ui->actionSaveChanges);
    // Delete clears cells only in the Profiles view (an editor open there keeps the key for itself).
    m_ui->actionSetNull->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_ui->profilesView->installEventFilter(this);

    m_searchTimer.setSingleShot(true);
    m_searchTimer.setInterval(SearchDelayMs);
    connectActions();

    const QSettings settings;
    restoreGeometry(settings.value(GeometryKey).toByteArray());
    if (!m_ui->splitter->restoreState(settings.value(SplitterKey).toByteArray()))
        m_ui->splitter->setSizes({width() / 2, width() / 2});
    updateRecentMenu();
    updateCounts();
    updatePageControls();
    updateActions();
}

MainWindow::~MainWindow()
{
    // A running fix-up ends at its next batch and rolls back; the session waits for it.
    if (m_cancel)
        m_cancel->store(true);
    m_usersProxy->setSourceModel(nullptr);
    m_ui->profilesView->setModel(nullptr);
    m_session.reset();
}

void MainWindow::connectActions()
{
    connect(m_ui->actionOpenDatabase, &QAction::triggered, this,
            [this] { showConnectionDialog(m_session ? m_session->url() : DatabaseUrl(), QString(), false); });
    connect(m_ui->actionRefresh, &QAction::triggered, this, &MainWindow::refresh);
    connect(m_ui->actionQuit, &QAction::triggered, this, &QWidget::close);
    connect(m_ui->actionCreateProfile, &QAction::triggered, this, &MainWindow::createProfilesForSelection);
    connect(m_ui->actionCreateMissingProfiles, &QAction::triggered, this, &MainWindow::createMissingProfiles);
    connect(m_ui->actionSaveChanges, &QAction::triggered, this, &MainWindow::save);
    connect(m_ui->actionRevertChanges, &QAction::triggered, this, &MainWindow::revertChanges);
    connect(m_ui->actionRevertRows, &QAction::triggered, this, &MainWindow::revertSelectedRows);
    connect(m_ui->actionSetNull, &QAction::triggered, this, &MainWindow::setSelectionToNull);
    connect(m_ui->actionFindUsers, &QAction::triggered, this, [this] {
        m_ui->searchEdit->setFocus(Qt::ShortcutFocusReason);
        m_ui->searchEdit->selectAll();
    });
    connect(m_ui->actionFirstPage, &QAction::triggered, this, [this] { showPage(0); });
    connect(m_ui->actionPreviousPage, &QAction::triggered, this,
            [this] { showPage(m_session->profiles()->pageStart() - ProfilesModel::PageRows); });
    connect(m_ui->actionNextPage, &QAction::triggered, this,
            [this] { showPage(m_session->profiles()->pageStart() + ProfilesModel::PageRows); });
    connect(m_ui->actionLastPage, &QAction::triggered, this,
            [this] { showPage(m_session->profiles()->lastPageStart()); });
    connect(m_ui->actionAbout, &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About profile-admin"),
                           tr("<p><b>profile-admin %1</b></p><p>Finds the Django users that have no profile "
                              "and creates the missing ones.</p>")
                               .arg(QCoreApplication::applicationVersion()));
    });

    // The check box and the menu item are one setting.
    connect(m_ui->onlyMissingCheckBox, &QCheckBox::toggled, m_ui->actionShowOnlyMissing,
            &QAction::setChecked);
    connect(m_ui->actionShowOnlyMissing, &QAction::toggled, this, [this](bool only) {
        m_ui->onlyMissingCheckBox->setChecked(only);
        if (m_session)
            m_session->users()->setOnlyMissing(only);
    });
    // The search runs when typing pauses, or at once on Return.
    connect(m_ui->searchEdit, &QLineEdit::textChanged, this, [this] { m_searchTimer.start(); });
    connect(m_ui->searchEdit, &QLineEdit::returnPressed, this, &MainWindow::applySearch);
    connect(&m_searchTimer, &QTimer::timeout, this, &MainWindow::applySearch);
    connect(m_ui->usersView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::updateActions);
    connect(m_ui->usersView, &QAbstractItemView::activated, this, &MainWindow::showProfileOfUser);
    connect(m_usersProxy, &QAbstractItemModel::dataChanged, this, &MainWindow::updateActions);
}

void MainWindow::applySearch()
{
    m_searchTimer.stop();
    if (m_session)
        m_session->users()->setSearchText(m_ui->searchEdit->text().trimmed());
}

void MainWindow::openDemo()
{
    QString error;
    const QString path = DemoDatabase::ensure(&error);
    if (path.isEmpty()) {
        showError(tr("No demo database"), error);
        return;
    }
    openDatabase(DatabaseUrl::parse(path, &error));
}

void MainWindow::openLastOrDemo()
{
    const QString last = RecentConnections::last();
    if (last.isEmpty())
        openDemo();
    else
        openDatabase(last);
}

void MainWindow::openDatabase(const QString &text)
{
    QString error;
    const DatabaseUrl url = DatabaseUrl::parse(text, &error);
    if (url.isValid()) {
        openDatabase(url);
        return;
    }
    // From the event loop, so that the window is up before the dialog says what was wrong.
    QTimer::singleShot(0, this, [this, error] { showConnectionDialog(DatabaseUrl(), error, false); });
}

void MainWindow::openDatabase(const DatabaseUrl &url)
{
    if (m_writing)
        return;
    const quint64 attempt = ++m_openAttempt;
    statusBar()->showMessage(tr("Connecting to %1…").arg(url.toDisplayString()));
    ConnectionProbe::start(url, m_options.discovery, this, [this, attempt, url](const ProbeResult &result) {
        if (attempt != m_openAttempt)
            return;
        statusBar()->clearMessage();
        if (!result.connected)
            showConnectionDialog(url, result.error, result.passwordRequired);
        else if (!result.discovery.ok() && result.discovery.status != DiscoveryResult::Status::Ambiguous)
            showConnectionDialog(url, result.discovery.message, false);
        else
            opened(url, result);
    });
}

void MainWindow::showConnectionDialog(const DatabaseUrl &url, const QString &message, bool askForPassword)
{
    ConnectionDialog dialog(m_options.discovery, this);
    if (url.isValid())
        dialog.setUrl(url);
    if (!message.isEmpty())
        dialog.showMessage(message, askForPassword);
    if (dialog.exec() == QDialog::Accepted)
        opened(dialog.url(), dialog.result());
}

void MainWindow::opened(const DatabaseUrl &url, const ProbeResult &result)
{
    // Edits made while the database was being tried are not dropped silently either.
    if (!settleEdits(tr("opening %1").arg(url.toDisplayString())))
        return;
    auto connection = std::make_unique<Connection>(url, QStringLiteral("gui"));
    if (!connection->isOpen()) {
        showConnectionDialog(url, connection->errorText(), connection->passwordRequired());
        return;
    }
    ProfileSchema schema = result.discovery.schema;
    if (result.discovery.status == DiscoveryResult::Status::Ambiguous) {
        const QString choice = ChoicePrompt::choose(
            this, tr("Choose the profile table"),
            tr("Several tables have a one-to-one link to the user table. Which one holds the profiles?"),
            result.discovery.candidateNames());
        if (choice.isEmpty())
            return;
        // Candidates read "table.column" (the table possibly schema-qualified).
        DiscoveryOverrides chosen = m_options.discovery;
        const qsizetype dot = choice.lastIndexOf(QLatin1Char('.'));
        chosen.profileTable = choice.left(dot);
        chosen.linkColumn = choice.mid(dot + 1);
        const DiscoveryResult again = SchemaDiscovery(connection->database()).discover(chosen);
        if (!again.ok()) {
            showError(tr("Cannot use %1").arg(choice), again.message);
            return;
        }
        schema = again.schema;
    }
    setSession(std::make_unique<DatabaseSession>(std::move(connection), schema));
    RecentConnections::add(url);
    updateRecentMenu();
}

void MainWindow::setSession(std::unique_ptr<DatabaseSession> session)
{
    // The views let go of the old models before the old session destroys them.
    m_usersProxy->setSourceModel(session->users());
    QItemSelectionModel *oldSelection = m_ui->profilesView->selectionModel();
    m_ui->profilesView->setModel(session->profiles());
    delete oldSelection;
    m_session = std::move(session);
    m_columnsSized = false;

    UsersModel *users = m_session->users();
    ProfilesModel *profiles = m_session->profiles();
    users->setOnlyMissing(m_ui->onlyMissingCheckBox->isChecked());
    users->setSearchText(m_ui->searchEdit->text().trimmed());
    connect(users, &UsersModel::countsChanged, this, &MainWindow::updateCounts);
    connect(users, &UsersModel::countsChanged, this, &MainWindow::updateActions);
    connect(users, &UsersModel::errorOccurred, this,
            [this](const QString &message) { statusBar()->showMessage(message); });
    connect(users, &UsersModel::rowsLoaded, this, [this] {
        // Only a visible view measures just the rows on screen; a hidden one would ask for every row.
        if (m_columnsSized || !m_ui->usersView->isVisible())
            return;
        m_columnsSized = true;
        m_ui->usersView->resizeColumnsToContents();
    });
    connect(profiles, &QAbstractItemModel::dataChanged, this, &MainWindow::updateActions);
    connect(profiles, &QAbstractItemModel::modelReset, this, &MainWindow::updateActions);
    connect(profiles, &QAbstractItemModel::modelReset, this, &MainWindow::updatePageControls);
    connect(profiles, &ProfilesModel::totalChanged, this, &MainWindow::updatePageControls);
    connect(m_ui->profilesView->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &MainWindow::updateActions);
    connect(m_ui->profilesView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::updateActions);

    // Both models start sorted by their key (the Users view's first column); the headers say so without
    // sorting again.
    m_profilesSortColumn = profiles->keyColumn();
    m_profilesSortOrder = Qt::AscendingOrder;
    for (QTableView *view : {m_ui->usersView, m_ui->profilesView}) {
        const QSignalBlocker blocker(view->horizontalHeader());
        view->horizontalHeader()->setSortIndicator(view == m_ui->usersView ? 0 : m_profilesSortColumn,
                                                   Qt::AscendingOrder);
    }
    m_ui->profilesView->resizeColumnsToContents();
    if (profiles->lastError().isValid())
        statusBar()->showMessage(tr("Could not read the profiles: %1").arg(profiles->lastError().text()));
    setWindowTitle(QStringLiteral("%1[*] — profile-admin").arg(m_session->url().toDisplayString()));
    // Found out once, so that actions this connection cannot carry out are disabled with the reason instead
    // of failing at the first write (and a grid that cannot be saved accepts no edits to lose).
    const WriteAccess access = WriteAccess::check(m_session->connection(), m_session->schema());
    m_createProblem = access.createProblem();
    m_editProblem = access.editProblem();
    m_ui->profilesView->setEditTriggers(access.canEdit() ? QAbstractItemView::DoubleClicked |
                                                               QAbstractItemView::EditKeyPressed |
                                                               QAbstractItemView::AnyKeyPressed
                                                         : QAbstractItemView::NoEditTriggers);
    if (!access.canCreate() || !access.canEdit())
        statusBar()->showMessage(
            tr("Read-only: %1.").arg(access.canEdit() ? m_createProblem : m_editProblem));
    updateCounts();
    updatePageControls();
    updateActions();
}

bool MainWindow::settleEdits(const QString &before)
{
    if (!m_session || !m_session->profiles()->isDirty())
        return true;
    const auto answer = MessageBox::question(
        this, tr("Unsaved changes"),
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

bool MainWindow::save()
{
    if (!m_session || m_writing)
        return false;
    ProfilesModel *profiles = m_session->profiles();
    // Saving reloads the page; the cursor comes back to the same profile and column.
    const QModelIndex current = m_ui->profilesView->currentIndex();
    const QVariant key = current.isValid() ? current.data(ProfilesModel::ProfileKeyRole) : QVariant();
    QString error;
    bool saved = profiles->save(&error);
    bool reconnected = false;
    // The server may have dropped the connection (restart, failover) since the last statement. Nothing was
    // written and the edits are still held: open the connection again and send them once more.
    if (!saved && reconnectIfLost(&error)) {
        reconnected = true;
        error.clear();
        saved = profiles->save(&error);
    }
    if (current.isValid()) {
        const int row = profiles->rowOfKey(key);
        if (row >= 0)
            m_ui->profilesView->setCurrentIndex(profiles->index(row, current.column()));
    }
    updateActions();
    if (!saved) {
        showError(tr("Changes not saved"), error);
        return false;
    }
    statusBar()->showMessage(reconnected ? tr("Reconnected to the database and saved the changes.")
                                         : tr("Saved the changes."),
                             5000);
    return true;
}

void MainWindow::revertChanges()
{
    if (!m_session)
        return;
    m_session->profiles()->revertAll();
    statusBar()->showMessage(tr("Dropped the unsaved changes."), 5000);
    updateActions();
}

QModelIndexList MainWindow::selectedProfileCells() const
{
    QModelIndexList cells = m_ui->profilesView->selectionModel()->selectedIndexes();
    cells << m_ui->profilesView->currentIndex();
    return cells;
}

QList<int> MainWindow::selectedProfileRows() const
{
    QList<int> rows;
    for (const QModelIndex &cell : selectedProfileCells()) {
        if (cell.isValid() && !rows.contains(cell.row()))
            rows << cell.row();
    }
    return rows;
}

void MainWindow::revertSelectedRows()
{
    if (!m_session)
        return;
    ProfilesModel *profiles = m_session->profiles();
    int reverted = 0;
    for (const int row : selectedProfileRows()) {
        if (profiles->isRowEdited(row)) {
            profiles->revertRow(row);
            ++reverted;
        }
    }
    statusBar()->showMessage(tr("Dropped the unsaved changes of %n profile(s).", nullptr, reverted), 5000);
    updateActions();
}

void MainWindow::setSelectionToNull()
{
    if (!m_session)
        return;
    ProfilesModel *profiles = m_session->profiles();
    QModelIndexList cells = m_ui->profilesView->selectionModel()->selectedIndexes();
    if (cells.isEmpty() && m_ui->profilesView->currentIndex().isValid())
        cells << m_ui->profilesView->currentIndex();
    for (const QModelIndex &cell : cells) {
        if ((cell.flags() & Qt::ItemIsEditable) && cell.data(ProfilesModel::NullableRole).toBool())
            profiles->setData(cell, QVariant());
    }
}

void MainWindow::refresh()
{
    if (!m_session || m_writing || !settleEdits(tr("reading the database again")))
        return;
    if (!ensureConnected())
        return;
    m_session->users()->refresh();
    // Reading the page again resets the grid; the cursor comes back to the same profile and column.
    ProfilesModel *profiles = m_session->profiles();
    const QModelIndex current = m_ui->profilesView->currentIndex();
    const QVariant key = current.data(ProfilesModel::ProfileKeyRole);
    profiles->select();
    profiles->recount();
    const int row = current.isValid() ? profiles->rowOfKey(key) : -1;
    if (row >= 0)
        m_ui->profilesView->setCurrentIndex(profiles->index(row, current.column()));
}

void MainWindow::showPage(qint64 start, bool lastRow)
{
    if (!m_session || !settleEdits(tr("showing other profiles")) || !ensureConnected())
        return;
    ProfilesModel *profiles = m_session->profiles();
    if (!profiles->showPage(start)) {
        showError(tr("Could not read the profiles"), profiles->lastError().text());
        return;
    }
    const int row = lastRow ? profiles->rowCount() - 1 : 0;
    const QModelIndex current = m_ui->profilesView->currentIndex();
    m_ui->profilesView->setCurrentIndex(profiles->index(row, current.isValid() ? current.column() : 0));
}

void MainWindow::sortProfiles(int column, Qt::SortOrder order)
{
    if (!m_session || !settleEdits(tr("sorting")) || !ensureConnected()) {
        // The header already shows the new order: put it back.
        const QSignalBlocker blocker(m_ui->profilesView->horizontalHeader());
        m_ui->profilesView->horizontalHeader()->setSortIndicator(m_profilesSortColumn, m_profilesSortOrder);
        return;
    }
    m_profilesSortColumn = column;
    m_profilesSortOrder = order;
    m_session->profiles()->sort(column, order);
}

void MainWindow::showProfileOfUser(const QModelIndex &index)
{
    if (!m_session || !index.isValid() || index.data(UsersModel::MissingProfileRole).toBool() ||
        !settleEdits(tr("showing another profile")) || !ensureConnected())
        return;
    QString error;
    const int row = m_session->profiles()->showProfileOf(index.data(UsersModel::UserKeyRole), &error);
    if (!error.isEmpty())
        showError(tr("Could not show the profile"), error);
    else if (row >= 0)
        selectProfileRow(row);
}

void MainWindow::createMissingProfiles()
{
    if (!m_session || m_writing || !settleEdits(tr("creating profiles")) || !ensureConnected())
        return;
    const qint64 missing = m_session->users()->missingCount();
    if (missing <= 0)
        return;
    CreateMissingDialog dialog(m_session->database(), m_session->schema(), m_options.fillValues, missing,
                               this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_options.fillValues = dialog.overrides();

    m_writing = true;
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    m_progress = new QProgressDialog(tr("Creating %1 missing profiles…").arg(count(missing)), QString(), 0,
                                     1000, this);
    auto *cancel = new QPushButton(tr("Cancel"), m_progress);
    cancel->setAccessibleName(tr("Cancel"));
    m_progress->setCancelButton(cancel);
    m_progress->setWindowTitle(tr("Create missing profiles"));
    m_progress->setAccessibleName(tr("Progress"));
    m_progress->setWindowModality(Qt::WindowModal);
    m_progress->setAutoClose(false);
    m_progress->setAutoReset(false);
    m_progress->setMinimumDuration(0);
    m_progress->setValue(0);
    m_progress->show();
    connect(m_progress, &QProgressDialog::canceled, this, [this] {
        m_cancel->store(true);
        m_progress->setLabelText(tr("Cancelling: everything is rolled back…"));
    });
    updateActions();

    const ProfileSchema schema = m_session->schema();
    const FillPlan plan = dialog.plan();
    m_session->writer().post([this, schema, plan, cancel = m_cancel](Connection &connection) {
        FixResult result;
        if (!connection.isOpen()) {
            result.errorText = connection.errorText();
        } else {
            result =
                MissingProfileFixer(connection.database(), schema, plan)
                    .createMissing([this, cancel](qint64 done, qint64 total) {
                        QMetaObject::invokeMethod(
                            this, [this, done, total] { fixProgress(done, total); }, Qt::QueuedConnection);
                        return !cancel->load();
                    });
        }
        QMetaObject::invokeMethod(
            this, [this, result] { fixFinished(result); }, Qt::QueuedConnection);
    });
}

void MainWindow::fixProgress(qint64 done, qint64 total)
{
    if (m_progress && total > 0 && !m_cancel->load())
        m_progress->setValue(int(done * 1000 / total));
}

void MainWindow::fixFinished(const FixResult &result)
{
    m_writing = false;
    if (m_progress) {
        m_progress->deleteLater();
        m_progress = nullptr;
    }
    if (result.cancelled) {
        statusBar()->showMessage(tr("Cancelled: no profile was created, the database is as it was."));
    } else if (!result.ok) {
        showError(tr("Profiles not created"), result.errorText);
    } else {
        const QString seconds = QLocale().toString(result.seconds, 'f', 2);
        statusBar()->showMessage(result.created == 1
                                     ? tr("Created 1 profile in %1 s").arg(seconds)
                                     : tr("Created %1 profiles in %2 s").arg(count(result.created), seconds));
    }
    // The profiles were settled before the run, so reading them again loses nothing.
    m_session->users()->refresh();
    m_session->profiles()->recount();
    m_session->profiles()->select();
    updateActions();
}

void MainWindow::createProfilesForSelection()
{
    const QVariantList keys = selectedUsersWithoutProfile();
    if (!m_session || m_writing || keys.isEmpty() || !settleEdits(tr("creating profiles")) ||
        !ensureConnected())
        return;
    const FillPlan plan = FillPlan::build(m_session->schema(), m_session->database(), m_options.fillValues);
    if (!plan.isValid()) {
        showError(tr("Profiles not created"),
                  tr("%1 Choose the values with \"Create missing profiles…\".").arg(plan.errorText()));
        return;
    }
    m_writing = true;
    updateActions();
    statusBar()->showMessage(tr("Creating profiles…"));
    m_session->writer().post([this, schema = m_session->schema(), plan, keys](Connection &connection) {
        FixResult result;
        if (!connection.isOpen())
            result.errorText = connection.errorText();
        else
            result = MissingProfileFixer(connection.database(), schema, plan).createFor(keys);
        QMetaObject::invokeMethod(
            this, [this, result, keys] { profilesCreated(result, keys); }, Qt::QueuedConnection);
    });
}

void MainWindow::profilesCreated(const FixResult &result, const QVariantList &keys)
{
    m_writing = false;
    updateActions();
    if (!result.ok) {
        showError(tr("Profiles not created"), result.errorText);
        return;
    }
    m_session->users()->refresh();
    m_session->profiles()->recount();
    statusBar()->showMessage(result.created == 1 ? tr("Created 1 profile.")
                                                 : tr("Created %1 profiles.").arg(count(result.created)));
    // The new profile, ready to edit.
    QString error;
    const int row = m_session->profiles()->showProfileOf(keys.first(), &error);
    if (row >= 0)
        selectProfileRow(row);
    else if (!error.isEmpty())
        showError(tr("Could not show the new profile"), error);
}

void MainWindow::selectProfileRow(int row)
{
    ProfilesModel *profiles = m_session->profiles();
    int column = 0;
    for (int c = 0; c < profiles->columnCount(); ++c) {
        if (profiles->flags(profiles->index(row, c)) & Qt::ItemIsEditable) {
            column = c;
            break;
        }
    }
    const QModelIndex cell = profiles->index(row, column);
    m_ui->profilesView->setCurrentIndex(cell);
    m_ui->profilesView->scrollTo(cell, QAbstractItemView::PositionAtCenter);
    m_ui->profilesView->setFocus(Qt::OtherFocusReason);
}

QVariantList MainWindow::selectedUsersWithoutProfile() const
{
    QVariantList keys;
    if (!m_session)
        return keys;
    // Ranges, not selectedRows(): a select-all over a million users must not build a million indexes.
    int seen = 0;
    for (const QItemSelectionRange &range : m_ui->usersView->selectionModel()->selection()) {
        for (int row = range.top(); row <= range.bottom() && seen < MaxSelectedUsers; ++row, ++seen) {
            const QModelIndex index = m_usersProxy->index(row, 0);
            if (index.data(UsersModel::MissingProfileRole).toBool())
                keys << index.data(UsersModel::UserKeyRole);
        }
    }
    return keys;
}

void MainWindow::updateActions()
{
    const bool open = m_session != nullptr;
    const bool idle = open && !m_writing;
    const bool dirty = open && m_session->profiles()->isDirty();
    m_ui->actionRefresh->setEnabled(idle);
    m_ui->actionOpenDatabase->setEnabled(!m_writing);
    m_ui->menuRecent->setEnabled(!m_writing && !m_ui->menuRecent->isEmpty());
    const bool mayCreate = open && m_createProblem.isEmpty();
    const bool mayEdit = open && m_editProblem.isEmpty();
    m_ui->actionCreateMissingProfiles->setEnabled(idle && mayCreate &&
                                                  m_session->users()->missingCount() > 0);
    m_ui->actionCreateProfile->setEnabled(idle && mayCreate && !selectedUsersWithoutProfile().isEmpty());
    m_ui->actionSaveChanges->setEnabled(idle && mayEdit && dirty);
    m_ui->actionRevertChanges->setEnabled(idle && dirty);
    bool selectionEdited = false;
    if (dirty) {
        for (const int row : selectedProfileRows())
            selectionEdited = selectionEdited || m_session->profiles()->isRowEdited(row);
    }
    m_ui->actionRevertRows->setEnabled(idle && selectionEdited);
    // A disabled action tells why in its tooltip (also read by screen readers), after the form's own text.
    const auto explain = [](QAction *action, const QString &problem) {
        if (!action->property("formToolTip").isValid())
            action->setProperty("formToolTip", action->toolTip());
        const QString base = action->property("formToolTip").toString();
        action->setToolTip(problem.isEmpty() ? base : tr("%1 — not available: %2").arg(base, problem));
    };
    explain(m_ui->actionCreateMissingProfiles, open ? m_createProblem : QString());
    explain(m_ui->actionCreateProfile, open ? m_createProblem : QString());
    explain(m_ui->actionSaveChanges, open ? m_editProblem : QString());
    bool nullable = false;
    if (open) {
        for (const QModelIndex &cell : selectedProfileCells()) {
            nullable = nullable ||
                       (cell.isValid() && (cell.flags() & Qt::ItemIsEditable) &&
                        cell.data(ProfilesModel::NullableRole).toBool() && !cell.data(Qt::EditRole).isNull());
        }
    }
    m_ui->actionSetNull->setEnabled(idle && mayEdit && nullable);
    m_ui->actionShowOnlyMissing->setEnabled(open);
    m_ui->onlyMissingCheckBox->setEnabled(open);
    m_ui->searchEdit->setEnabled(open);
    setWindowModified(dirty);
    updatePageControls();
}

void MainWindow::updateCounts()
{
    if (!m_session) {
        m_countsLabel->setText(tr("No database open"));
        return;
    }
    const qint64 users = m_session->users()->userCount();
    const qint64 missing = m_session->users()->missingCount();
    const QString usersText = users == 1 ? tr("1 user") : tr("%1 users").arg(count(users));
    if (users < 0)
        m_countsLabel->setText(tr("Counting users…"));
    else if (missing < 0)
        m_countsLabel->setText(tr("%1 · counting users without profile…").arg(usersText));
    else
        m_countsLabel->setText(tr("%1 · %2 without profile").arg(usersText, count(missing)));
}

void MainWindow::updatePageControls()
{
    const bool idle = m_session && !m_writing;
    const ProfilesModel *profiles = m_session ? m_session->profiles() : nullptr;
    const qint64 start = profiles ? profiles->pageStart() : 0;
    const qint64 total = profiles ? profiles->totalRows() : -1;
    const int rows = profiles ? profiles->rowCount() : 0;
    if (!profiles)
        m_ui->pageLabel->clear();
    else if (rows == 0)
        m_ui->pageLabel->setText(tr("No profiles"));
    else
        m_ui->pageLabel->setText(
            tr("Profiles %1–%2 of %3")
                .arg(count(start + 1), count(start + rows), total >= 0 ? count(total) : tr("…")));
    m_ui->actionFirstPage->setEnabled(idle && start > 0);
    m_ui->actionPreviousPage->setEnabled(idle && start > 0);
    m_ui->actionNextPage->setEnabled(idle && total >= 0 && start + rows < total);
    m_ui->actionLastPage->setEnabled(idle && total >= 0 && start < profiles->lastPageStart());
}

void MainWindow::updateRecentMenu()
{
    m_ui->menuRecent->clear();
    for (const QString &entry : RecentConnections::list()) {
        QAction *action = m_ui->menuRecent->addAction(entry);
        connect(action, &QAction::triggered, this, [this, entry] { openDatabase(entry); });
    }
    m_ui->menuRecent->setEnabled(!m_ui->menuRecent->isEmpty());
}

bool MainWindow::reconnectIfLost(QString *error)
{
    Connection &connection = m_session->connection();
    if (!connection.isLost())
        return false;
    if (connection.reconnect())
        return true;
    *error =
        tr("The connection to the database was lost and cannot be made again: %1 Your changes are kept; try "
           "again when the database is back.")
            .arg(connection.errorText());
    return false;
}

bool MainWindow::ensureConnected()
{
    QString error;
    if (reconnectIfLost(&error) || error.isEmpty())
        return true;
    showError(tr("Database unreachable"), error);
    return false;
}

void MainWindow::showError(const QString &title, const QString &message)
{
    statusBar()->showMessage(message);
    MessageBox::warning(this, title, message);
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    // Ctrl+Home and Ctrl+End reach the first and the last profile, across pages.
    if (watched == m_ui->profilesView && event->type() == QEvent::KeyPress && m_session) {
        const auto *key = static_cast<QKeyEvent *>(event);
        const ProfilesModel *profiles = m_session->profiles();
        if (key->modifiers() == Qt::ControlModifier && key->key() == Qt::Key_End &&
            profiles->pageStart() < profiles->lastPageStart()) {
            showPage(profiles->lastPageStart(), true);
            return true;
        }
        if (key->modifiers() == Qt::ControlModifier && key->key() == Qt::Key_Home &&
            profiles->pageStart() > 0) {
            showPage(0);
            return true;
        }
    }
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_writing) {
        const auto answer =
            MessageBox::question(this, tr("Profiles are being created"),
                                 tr("Stop creating profiles and quit? Nothing of this run is written."),
                                 QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
        if (answer != QMessageBox::Yes) {
            event->ignore();
            return;
        }
        if (m_cancel)
            m_cancel->store(true);
    } else if (!settleEdits(tr("quitting"))) {
        event->ignore();
        return;
    }
    QSettings settings;
    settings.setValue(GeometryKey, saveGeometry());
    settings.setValue(SplitterKey, m_ui->splitter->saveState());
    event->accept();
}

#include "MainWindow.h"

#include "ui_MainWindow.h"

#include "CountsLabel.h"
#include "DatabaseSession.h"
#include "DjangoProjectOpener.h"
#include "GridExporter.h"
#include "HelpActions.h"
#include "Icons.h"
#include "MessageBox.h"
#include "MissingProfilesBar.h"
#include "ProfileCreation.h"
#include "ProfilesPane.h"
#include "UsersPane.h"

#include <QCloseEvent>
#include <QLabel>
#include <QSettings>

namespace {

// Settings keys carry the Qt major version: a state saved by another Qt is not read back (qBittorrent's way).
const QString GeometryKey = QStringLiteral("GUI/Qt6/geometry");
const QString SplitterKey = QStringLiteral("GUI/Qt6/splitterState");

// The window never gets smaller than this, so that no label or button is cut.
constexpr QSize MinimumWindowSize(900, 540);

} // namespace

MainWindow::MainWindow(const GuiOptions &options, QWidget *parent)
    : QMainWindow(parent)
    , m_ui(new Ui::MainWindow)
    , m_discovery(options.discovery)
    , m_countsLabel(new CountsLabel(this))
    , m_creation(new ProfileCreation(options.fillValues, this))
    , m_exporter(nullptr)
    , m_djangoOpener(new DjangoProjectOpener(this))
{
    m_ui->setupUi(this);
    m_exporter = new GridExporter(m_ui->usersPane, m_ui->profilesPane, this);
    setWindowIcon(Icons::icon(QStringLiteral("profile-admin")));
    setMinimumSize(MinimumWindowSize);
    // The form names each action's icon; Icons draws it, or a built-in one where SVG cannot be drawn.
    for (QAction *action : findChildren<QAction *>()) {
        if (const QVariant icon = action->property("iconName"); icon.isValid())
            Icons::apply(action, icon.toString());
    }
    statusBar()->addPermanentWidget(m_countsLabel);
    m_ui->missingProfilesBar->setCreateAction(m_ui->actionCreateMissingProfiles);
    // The views take the height; the bar only what its text needs.
    m_ui->centralLayout->setStretchFactor(m_ui->splitter, 1);

    // The panes' buttons are the actions' faces (icons in the form); the menus hold the same actions with
    // their shortcuts.
    m_ui->usersPane->setActions(m_ui->actionCreateProfile, m_ui->actionCreateMissingProfiles);
    m_ui->profilesPane->setActions({m_ui->actionSaveChanges, m_ui->actionRevertChanges,
                                    m_ui->actionRevertRows, m_ui->actionSetNull, m_ui->actionFirstPage,
                                    m_ui->actionPreviousPage, m_ui->actionNextPage, m_ui->actionLastPage});
    m_ui->profilesPane->setEditActions(m_ui->actionUndo, m_ui->actionRedo, m_ui->actionRevertCells);
    m_ui->menuEdit->addSeparator();
    m_ui->menuEdit->addActions(m_ui->profilesPane->clipboardActions());
    m_ui->actionRedo->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)});
    m_ui->usersPane->addContextAction(m_ui->actionExport);
    m_ui->profilesPane->addContextAction(m_ui->actionExport);
    m_ui->profilesPane->addContextAction(m_ui->actionSaveEditsAsSql);
    // Buttons named without the dialog ellipsis, as docs/gui-walkthrough.md names them.
    m_ui->actionCreateMissingProfiles->setIconText(tr("Create missing profiles"));
    m_ui->menuDatabase->insertAction(m_ui->menuRecent->menuAction(), m_djangoOpener->action());
    m_djangoOpener->setPython(options.python);
    connectActions();
    connectPanes();

    const QSettings settings;
    restoreGeometry(settings.value(GeometryKey).toByteArray());
    m_splitterSet = m_ui->splitter->restoreState(settings.value(SplitterKey).toByteArray());
    if (!m_splitterSet)
        m_ui->splitter->setSizes({width() / 2, width() / 2});
    connect(m_ui->splitter, &QSplitter::splitterMoved, this, [this] { m_splitterSet = true; });
    updateRecentMenu();
    updateCounts();
    updateActions();
}

MainWindow::~MainWindow()
{
    // A running fix-up ends at its next batch and rolls back; the session's writer waits for it.
    m_creation->cancel();
    // The panes let go of their models before the session closes the connection the models read.
    m_ui->usersPane->setSession(nullptr);
    m_ui->profilesPane->setSession(nullptr);
    m_creation->setSession(nullptr);
    m_exporter->setSession(nullptr);
    m_session.reset();
}

void MainWindow::connectActions()
{
    UsersPane *users = m_ui->usersPane;
    connect(m_ui->actionOpenDatabase, &QAction::triggered, this,
            [this] { showConnectionDialog(m_session ? m_session->url() : DatabaseUrl(), QString(), false); });
    connect(m_ui->actionRefresh, &QAction::triggered, this, &MainWindow::refresh);
    connect(m_ui->actionQuit, &QAction::triggered, this, &QWidget::close);
    connect(m_ui->actionCreateProfile, &QAction::triggered, this, &MainWindow::createProfilesForSelection);
    connect(m_ui->actionCreateMissingProfiles, &QAction::triggered, this, &MainWindow::createMissingProfiles);
    connect(m_ui->actionFindUsers, &QAction::triggered, users, &UsersPane::focusSearch);
    auto *help = new HelpActions(this, m_ui->actionDocumentation, m_ui->actionShortcuts, m_ui->actionAbout);
    help->addKeepItFixed(m_ui->actionAbout, [this] { return m_session.get(); });
    connect(m_ui->actionExport, &QAction::triggered, m_exporter, &GridExporter::exportFocusedGrid);
    connect(m_ui->actionSaveEditsAsSql, &QAction::triggered, m_exporter, &GridExporter::saveEditsAsSql);
    connect(m_exporter, &GridExporter::runningChanged, this, &MainWindow::updateActions);
    connect(m_exporter, &GridExporter::statusMessage, statusBar(), &QStatusBar::showMessage);
    connect(m_exporter, &GridExporter::errorOccurred, this, &MainWindow::showError);
    connect(m_ui->actionShowOwner, &QAction::triggered, this, &MainWindow::showOwner);
    connect(m_djangoOpener, &DjangoProjectOpener::statusMessage, statusBar(),
            [this](const QString &text) { statusBar()->showMessage(text); });
    connect(m_djangoOpener, &DjangoProjectOpener::failed, this, &MainWindow::showError);
    connect(m_djangoOpener, &DjangoProjectOpener::opened, this, [this](const DjangoProject &project) {
        if (!project.database().isValid()) {
            showError(tr("Django project not opened"), project.databaseError());
            return;
        }
        m_creation->setDjangoProject(project);
        openDatabase(project.database());
    });
    m_ui->profilesPane->addContextAction(m_ui->actionShowOwner);
    // The check box and the menu item are one setting.
    connect(users, &UsersPane::onlyMissingToggled, m_ui->actionShowOnlyMissing, &QAction::setChecked);
    connect(m_ui->actionShowOnlyMissing, &QAction::toggled, users, &UsersPane::setOnlyMissing);
}

void MainWindow::connectPanes()
{
    UsersPane *users = m_ui->usersPane;
    ProfilesPane *profiles = m_ui->profilesPane;
    connect(users, &UsersPane::countsChanged, this, &MainWindow::updateCounts);
    connect(users, &UsersPane::stateChanged, this, &MainWindow::updateActions);
    connect(users, &UsersPane::statusMessage, statusBar(), &QStatusBar::showMessage);
    connect(users, &UsersPane::profileRequested, profiles, &ProfilesPane::showProfileOf);
    connect(users, &UsersPane::createProfileRequested, this, &MainWindow::offerProfileFor);
    connect(users, &UsersPane::columnsFitted, this, &MainWindow::fitSplitter);
    connect(users, &UsersPane::countsChanged, this, [this, users] {
        m_ui->missingProfilesBar->setCounts(users->userCount(), users->missingCount(),
                                            int(users->profileTableNames().size()));
    });
    connect(m_ui->missingProfilesBar, &MissingProfilesBar::showRequested, users,
            &UsersPane::showUsersWithoutProfile);
    connect(profiles, &ProfilesPane::stateChanged, this, &MainWindow::updateActions);
    // "Create profile" and Return on a user act on the profile table the Profiles view shows.
    connect(profiles, &ProfilesPane::profileTableChanged, this, [this, users, profiles] {
        users->setProfileTable(profiles->schema().profileTable.display());
        updateActions();
    });
    connect(profiles, &ProfilesPane::countsChanged, this, &MainWindow::updateCounts);
    connect(profiles, &ProfilesPane::statusMessage, statusBar(), &QStatusBar::showMessage);
    connect(profiles, &ProfilesPane::errorOccurred, this, &MainWindow::showError);
    connect(m_creation, &ProfileCreation::runningChanged, profiles, &ProfilesPane::setCreatingProfiles);
    connect(m_creation, &ProfileCreation::runningChanged, this, &MainWindow::updateActions);
    connect(m_creation, &ProfileCreation::statusMessage, statusBar(), &QStatusBar::showMessage);
    connect(m_creation, &ProfileCreation::errorOccurred, this, &MainWindow::showError);
    // The profiles were settled before the run, so reading them again loses nothing.
    connect(m_creation, &ProfileCreation::missingRunEnded, this, [users, profiles] {
        users->refresh();
        profiles->reload();
    });
    // The new profile, ready to edit.
    connect(m_creation, &ProfileCreation::createdFor, this, [users, profiles](const QVariant &user) {
        users->refresh();
        profiles->recount();
        profiles->showNewProfileOf(user);
    });
}

void MainWindow::refresh()
{
    if (!m_session || m_creation->isRunning() ||
        !m_ui->profilesPane->settleEdits(tr("reading the database again")))
        return;
    if (!ensureConnected())
        return;
    m_ui->usersPane->refresh();
    m_ui->profilesPane->refresh();
}

void MainWindow::createMissingProfiles()
{
    if (!m_session || m_creation->isRunning() || !m_ui->profilesPane->settleEdits(tr("creating profiles")) ||
        !ensureConnected())
        return;
    m_creation->createMissing(m_ui->usersPane->missingCountsByTable());
}

void MainWindow::createProfilesForSelection()
{
    QList<qint64> lackingByTable;
    const QVariantList keys = m_ui->usersPane->selectedUsersWithoutProfile(&lackingByTable);
    if (!m_session || m_creation->isRunning() || keys.isEmpty() ||
        !m_ui->profilesPane->settleEdits(tr("creating profiles")) || !ensureConnected())
        return;
    m_creation->createFor(keys, lackingByTable);
}

void MainWindow::offerProfileFor(const QVariant &userKey, const QString &userName,
                                 const QList<qint64> &lackingByTable)
{
    if (!m_session || m_creation->isRunning())
        return;
    if (!m_ui->actionCreateProfile->isEnabled() && !m_session->writeAccess().createProblem().isEmpty()) {
        statusBar()->showMessage(tr("%1 has no profile, and this connection cannot create one: %2.")
                                     .arg(userName, m_session->writeAccess().createProblem()));
        return;
    }
    // One table to create in: a question naming it; several: createFor() asks with a check box per table.
    if (!m_creation->confirmCreateFor(userName, lackingByTable) ||
        !m_ui->profilesPane->settleEdits(tr("creating profiles")) || !ensureConnected())
        return;
    m_creation->createFor({userKey}, lackingByTable);
}

void MainWindow::showOwner()
{
    const QVariant owner = m_ui->profilesPane->currentOwnerKey();
    if (!owner.isValid()) {
        statusBar()->showMessage(tr("Select a profile first: its owner is then shown in Users."));
        return;
    }
    m_ui->usersPane->showUser(owner);
}

void MainWindow::fitSplitter()
{
    if (m_splitterSet)
        return;
    m_splitterSet = true;
    const int total = m_ui->splitter->width() - m_ui->splitter->handleWidth();
    // The Profiles side keeps what its own controls need; Users gets what its columns need, or the rest.
    const int profilesMinimum = m_ui->profilesPane->minimumSizeHint().width();
    const int users = std::clamp(m_ui->usersPane->preferredWidth(), total / 2, total - profilesMinimum);
    m_ui->splitter->setSizes({users, total - users});
}

void MainWindow::updateActions()
{
    const ProfilesPane *profiles = m_ui->profilesPane;
    const bool open = m_session != nullptr;
    const bool writing = m_creation->isRunning();
    const bool idle = open && !writing;
    const bool dirty = open && profiles->isDirty();
    m_ui->actionRefresh->setEnabled(idle);
    m_ui->actionOpenDatabase->setEnabled(!writing);
    m_ui->menuRecent->setEnabled(!writing && !m_ui->menuRecent->isEmpty());
    // Why this connection may not create or edit profiles (a read-only role, file or server); empty when it
    // may.
    const QString createProblem = open ? m_session->writeAccess().createProblem() : QString();
    const QString editProblem = open ? m_ui->profilesPane->editProblem() : QString();
    const bool mayCreate = open && createProblem.isEmpty();
    const bool mayEdit = open && editProblem.isEmpty();
    m_ui->actionCreateMissingProfiles->setEnabled(idle && mayCreate && m_ui->usersPane->missingCount() > 0);
    m_ui->actionCreateProfile->setEnabled(idle && mayCreate &&
                                          !m_ui->usersPane->selectedUsersWithoutProfile().isEmpty());
    m_ui->actionSaveChanges->setEnabled(idle && mayEdit && dirty);
    m_ui->actionRevertChanges->setEnabled(idle && dirty);
    m_ui->actionRevertRows->setEnabled(idle && profiles->isSelectionEdited());
    m_ui->actionRevertCells->setEnabled(idle && profiles->isSelectionCellEdited());
    m_ui->actionUndo->setEnabled(idle && profiles->canUndo());
    m_ui->actionRedo->setEnabled(idle && profiles->canRedo());
    // A disabled action tells why in its tooltip (also read by screen readers), after the form's own text.
    const auto explain = [](QAction *action, const QString &problem) {
        if (!action->property("formToolTip").isValid())
            action->setProperty("formToolTip", action->toolTip());
        const QString base = action->property("formToolTip").toString();
        action->setToolTip(problem.isEmpty() ? base : tr("%1 — not available: %2").arg(base, problem));
    };
    explain(m_ui->actionCreateMissingProfiles, createProblem);
    explain(m_ui->actionCreateProfile, createProblem);
    explain(m_ui->actionSaveChanges, editProblem);
    m_ui->actionSetNull->setEnabled(idle && mayEdit && profiles->isSelectionNullable());
    m_ui->actionShowOnlyMissing->setEnabled(open);
    m_ui->actionShowOwner->setEnabled(open && profiles->currentOwnerKey().isValid());
    m_ui->actionFirstPage->setEnabled(idle && profiles->hasPreviousPage());
    m_ui->actionPreviousPage->setEnabled(idle && profiles->hasPreviousPage());
    m_ui->actionNextPage->setEnabled(idle && profiles->hasNextPage());
    m_ui->actionLastPage->setEnabled(idle && profiles->isBeforeLastPage());
    m_ui->actionExport->setEnabled(open && !m_exporter->isRunning());
    m_ui->actionSaveEditsAsSql->setEnabled(open && dirty);
    setWindowModified(dirty);
}

void MainWindow::updateCounts()
{
    if (m_session)
        m_countsLabel->showCounts(m_ui->usersPane, m_ui->profilesPane);
    else
        m_countsLabel->showCounts(nullptr, nullptr);
}

void MainWindow::showError(const QString &title, const QString &message)
{
    statusBar()->showMessage(message);
    MessageBox::warning(this, title, message);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_creation->isRunning()) {
        const auto answer =
            MessageBox::question(this, tr("Profiles are being created"),
                                 tr("Stop creating profiles and quit? Nothing of this run is written."),
                                 QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
        if (answer != QMessageBox::Yes) {
            event->ignore();
            return;
        }
        m_creation->cancel();
    } else if (!m_ui->profilesPane->settleEdits(tr("quitting"))) {
        event->ignore();
        return;
    }
    QSettings settings;
    settings.setValue(GeometryKey, saveGeometry());
    settings.setValue(SplitterKey, m_ui->splitter->saveState());
    event->accept();
}

// The main window used as a person would, offscreen, on SQLite and PostgreSQL databases made by the real
// Django site: buttons found by their accessible names and clicked, dialogs answered, cells edited through
// their editors, and the database checked afterwards (by SQL and by Django's ORM).
#include "ConnectionDialog.h"
#include "CreateMissingDialog.h"
#include "FileDialog.h"
#include "GuiTest.h"
#include "HeldTableLock.h"
#include "MainWindow.h"
#include "MessageBox.h"
#include "ProfilesModel.h"
#include "RecentConnections.h"
#include "TestDatabase.h"
#include "UsersModel.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QFileInfo>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProgressDialog>
#include <QPushButton>
#include <QScopeGuard>
#include <QSettings>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <functional>
#include <memory>

using namespace GuiTest;

namespace {

// The controls under `root` a person operates that have no name for screen readers.
QStringList unnamedControls(QWidget *root)
{
    QStringList unnamed;
    for (QWidget *widget : root->findChildren<QWidget *>()) {
        const bool control = qobject_cast<QAbstractButton *>(widget) || qobject_cast<QLineEdit *>(widget) ||
                             qobject_cast<QAbstractItemView *>(widget) ||
                             qobject_cast<QPlainTextEdit *>(widget);
        if (control && widget->isVisible() && widget->focusPolicy() != Qt::NoFocus &&
            widget->accessibleName().isEmpty())
            unnamed << widget->objectName();
    }
    return unnamed;
}

// Rows of the Users view shown as users without a profile: tooltip, icon and background together.
int highlightedRows(QTableView *view)
{
    const QAbstractItemModel *model = view->model();
    int rows = 0;
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex first = model->index(row, 0);
        const bool tooltip = first.data(Qt::ToolTipRole).toString() == QLatin1String("No profile");
        if (tooltip != first.data(Qt::DecorationRole).isValid() ||
            tooltip != first.data(Qt::BackgroundRole).isValid())
            return -1; // never colour alone, never an icon alone
        rows += tooltip ? 1 : 0;
    }
    return rows;
}

} // namespace

class TestGui : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void showsWhoHasNoProfile_data() { TestDatabase::addEngineVariantData(); }
    void showsWhoHasNoProfile();
    void createsMissingProfiles_data() { TestDatabase::addEngineVariantData(); }
    void createsMissingProfiles();
    void cancelledRunChangesNothing_data() { TestDatabase::addEngineData(); }
    void cancelledRunChangesNothing();
    void createsProfileForSelectedUser_data() { TestDatabase::addEngineVariantData(); }
    void createsProfileForSelectedUser();
    void editsDateAndTextAndSaves_data() { TestDatabase::addEngineVariantData(); }
    void editsDateAndTextAndSaves();
    void revertDropsEdits_data() { TestDatabase::addEngineData(); }
    void revertDropsEdits();
    void refusedSaveKeepsEdits_data() { TestDatabase::addEngineVariantData(); }
    void refusedSaveKeepsEdits();
    void unsavedEditsAreNeverLostSilently_data() { TestDatabase::addEngineData(); }
    void unsavedEditsAreNeverLostSilently();
    void opensDatabasesFromTheDialog_data() { TestDatabase::addEngineData(); }
    void opensDatabasesFromTheDialog();
    void everyControlIsNamedAndReachable();
    void opensThePrimaryTableWhenSeveralFit_data() { TestDatabase::addEngineData(); }
    void opensThePrimaryTableWhenSeveralFit();
    void opensTheLastDatabaseOrTheDemo();
    void unusableDatabaseOpensTheDialogWithTheReason_data();
    void asksForThePasswordTheServerWants();
    void unusableDatabaseOpensTheDialogWithTheReason();

private:
    // Seeds `db` and opens it in a new main window; waits until the counts are in.
    std::unique_ptr<QTemporaryDir> m_home;
};

void TestGui::init()
{
    // main() pointed the settings at a temporary folder; each test starts with none.
    QSettings().clear();
    m_home = std::make_unique<QTemporaryDir>();
}

void TestGui::cleanup()
{
    m_home.reset();
}

void TestGui::showsWhoHasNoProfile()
{
    QFETCH(QString, engine);
    QFETCH(QString, variant);
    PA_TEST_DATABASE(db, engine, variant, QStringLiteral("gui_show"));
    auto window = seedAndOpen(db, 40, 30);
    QVERIFY(window);
    QTableView *users = usersView(*window);
    QVERIFY(users);
    QTRY_COMPARE_WITH_TIMEOUT(users->model()->rowCount(), 40, Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(highlightedRows(users), 10, Timeout);
    // The title names a server database by its URL, an SQLite file by its name (and folder).
    const DatabaseUrl shown = DatabaseUrl::parse(db.url(), nullptr);
    QVERIFY(window->windowTitle().contains(shown.kind() == DatabaseUrl::Kind::SQLite
                                               ? QFileInfo(shown.filePath()).fileName()
                                               : shown.toDisplayString()));

    // The toggle and the search are answered by the database.
    auto *onlyMissing = named<QCheckBox>(window.get(), QStringLiteral("Show only users without profile"));
    QVERIFY(onlyMissing);
    onlyMissing->click();
    QTRY_COMPARE_WITH_TIMEOUT(users->model()->rowCount(), 10, Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(highlightedRows(users), 10, Timeout);

    auto *search = named<QLineEdit>(window.get(), QStringLiteral("Search users"));
    QVERIFY(search);
    QTest::keyClicks(search, QStringLiteral("USER0000"));
    QTest::keyClick(search, Qt::Key_Return);
    // user00001 ... user00009 with the toggle on: those of them without a profile.
    QTRY_VERIFY_WITH_TIMEOUT(users->model()->rowCount() > 0 && users->model()->rowCount() < 9, Timeout);
    const int username = columnNamed(users->model(), QStringLiteral("username"));
    QTRY_VERIFY_WITH_TIMEOUT(
        users->model()->index(0, username).data().toString().startsWith(QLatin1String("user0000")), Timeout);
    onlyMissing->click();
    QTRY_COMPARE_WITH_TIMEOUT(users->model()->rowCount(), 9, Timeout);
    search->clear();
    QTRY_COMPARE_WITH_TIMEOUT(users->model()->rowCount(), 40, Timeout);
    QCOMPARE(countsText(*window), QStringLiteral("40 users · 10 without profile"));
}

void TestGui::createsMissingProfiles()
{
    QFETCH(QString, engine);
    QFETCH(QString, variant);
    PA_TEST_DATABASE(db, engine, variant, QStringLiteral("gui_fix"));
    auto window = seedAndOpen(db, 40, 30);
    QVERIFY(window);

    bool answered = false;
    onNextDialog<CreateMissingDialog>([&](CreateMissingDialog *dialog) {
        answered = true;
        QVERIFY2(unnamedControls(dialog).isEmpty(), qPrintable(unnamedControls(dialog).join(u',')));
        QCOMPARE(dialog->createButton()->text(), QStringLiteral("Create 10 profiles"));
        auto *sql = named<QPlainTextEdit>(dialog, QStringLiteral("SQL preview"));
        QVERIFY(sql);
        QVERIFY2(sql->toPlainText().contains(QLatin1String("INSERT INTO")), qPrintable(sql->toPlainText()));
        QVERIFY(sql->toPlainText().contains(db.profileTable()));
        // Give every new profile a value of our own, as --set would.
        auto *values = named<QTableWidget>(dialog, QStringLiteral("Values of new profiles"));
        QVERIFY(values);
        QList<QTableWidgetItem *> rows = values->findItems(db.textColumn(), Qt::MatchExactly);
        QCOMPARE(rows.size(), 1);
        values->item(rows.first()->row(), 2)->setText(QStringLiteral("from-the-gui"));
        QVERIFY(sql->toPlainText().contains(QLatin1String("'from-the-gui'")));
        click(named<QPushButton>(dialog, QStringLiteral("Create 10 profiles")));
    });
    click(named<QAbstractButton>(window.get(), QStringLiteral("Create missing profiles")));
    QVERIFY(answered);

    QTRY_COMPARE_WITH_TIMEOUT(countsText(*window), QStringLiteral("40 users · 0 without profile"), Timeout);
    QVERIFY2(window->statusBar()->currentMessage().startsWith(QLatin1String("Created 10 profiles in ")),
             qPrintable(window->statusBar()->currentMessage()));
    QVERIFY(window->statusBar()->currentMessage().endsWith(QLatin1String(" s")));
    QTRY_COMPARE_WITH_TIMEOUT(highlightedRows(usersView(*window)), 0, Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(profilesView(*window)->model()->rowCount(), 40, Timeout);
    QVERIFY(!named<QAbstractButton>(window.get(), QStringLiteral("Create missing profiles"))->isEnabled());

    QString error;
    const QJsonObject verdict = db.verify(QString(), &error);
    QVERIFY2(verdict.value(u"ok").toBool(), TestDatabase::dump(verdict).constData());
    QCOMPARE(db.queryValue(QStringLiteral("SELECT count(*) FROM %1 WHERE %2 = 'from-the-gui'")
                               .arg(db.profileTable(), db.textColumn()))
                 .toInt(),
             10);
}

void TestGui::cancelledRunChangesNothing()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("gui_cancel"));
    auto window = seedAndOpen(db, 40, 30);
    QVERIFY(window);
    QString error;
    const QString before = db.saveSnapshot(&error);

    // Another program holds the table, so the run waits at its first statement until Cancel is clicked.
    {
        HeldTableLock lock(db, QStringLiteral("account_profile"));
        QVERIFY2(lock.error().isEmpty(), qPrintable(lock.error()));

        onNextDialog<CreateMissingDialog>([](CreateMissingDialog *dialog) { click(dialog->createButton()); });
        click(named<QAbstractButton>(window.get(), QStringLiteral("Create missing profiles")));
        QProgressDialog *progress = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((progress = window->findChild<QProgressDialog *>()) && progress->isVisible(),
                                 Timeout);
        QVERIFY2(unnamedControls(progress).isEmpty(), qPrintable(unnamedControls(progress).join(u',')));
        click(named<QPushButton>(progress, QStringLiteral("Cancel")));
        QVERIFY(lock.release());
    }

    QTRY_VERIFY_WITH_TIMEOUT(window->statusBar()->currentMessage().startsWith(QLatin1String("Cancelled")),
                             Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(!window->findChild<QProgressDialog *>(), Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(countsText(*window), QStringLiteral("40 users · 10 without profile"), Timeout);
    const QJsonObject verdict = db.verify(before, &error);
    QCOMPARE(verdict.value(u"missing").toInt(), 10);
    QCOMPARE(verdict.value(u"profiles").toInt(), 30);
    QVERIFY2(verdict.value(u"changed").toArray().isEmpty(), TestDatabase::dump(verdict).constData());
}

void TestGui::createsProfileForSelectedUser()
{
    QFETCH(QString, engine);
    QFETCH(QString, variant);
    PA_TEST_DATABASE(db, engine, variant, QStringLiteral("gui_one"));
    auto window = seedAndOpen(db, 40, 30);
    QVERIFY(window);
    QTableView *users = usersView(*window);
    QTRY_COMPARE_WITH_TIMEOUT(highlightedRows(users), 10, Timeout);
    int missingRow = -1;
    for (int row = 0; row < users->model()->rowCount() && missingRow < 0; ++row) {
        if (users->model()->index(row, 0).data(Qt::ToolTipRole).isValid())
            missingRow = row;
    }
    const QVariant user = users->model()->index(missingRow, 0).data(UsersModel::UserKeyRole);

    // The context menu offers it; the keyboard shortcut runs it.
    const QList<QAction *> menu = users->actions();
    QVERIFY(std::any_of(menu.begin(), menu.end(),
                        [](QAction *action) { return action->text() == QLatin1String("Create &profile"); }));
    users->setFocus();
    users->selectRow(missingRow);
    QTRY_VERIFY(named<QAbstractButton>(window.get(), QStringLiteral("Create profile"))->isEnabled());
    QTest::keySequence(users, QKeySequence(QStringLiteral("Ctrl+N")));

    QTRY_COMPARE_WITH_TIMEOUT(countsText(*window), QStringLiteral("40 users · 9 without profile"), Timeout);
    // The new profile is the current row of the Profiles view, on an editable cell, with the focus.
    QTableView *profiles = profilesView(*window);
    const auto *model = qobject_cast<const ProfilesModel *>(profiles->model());
    QVERIFY(model);
    QTRY_VERIFY_WITH_TIMEOUT(profiles->currentIndex().isValid() &&
                                 model->index(profiles->currentIndex().row(), model->linkColumn()).data() ==
                                     user,
                             Timeout);
    QVERIFY(profiles->currentIndex().flags() & Qt::ItemIsEditable);
    QCOMPARE(window->focusWidget(), profiles);
    QTRY_VERIFY_WITH_TIMEOUT(!users->model()->index(missingRow, 0).data(Qt::ToolTipRole).isValid(), Timeout);
    QCOMPARE(db.queryValue(QStringLiteral("SELECT count(*) FROM %1 WHERE %2 = %3")
                               .arg(db.profileTable(), db.linkColumn(), user.toString()))
                 .toInt(),
             1);
}

void TestGui::editsDateAndTextAndSaves()
{
    QFETCH(QString, engine);
    QFETCH(QString, variant);
    PA_TEST_DATABASE(db, engine, variant, QStringLiteral("gui_edit"));
    auto window = seedAndOpen(db, 20, 20);
    QVERIFY(window);
    QTableView *view = profilesView(*window);
    auto *model = qobject_cast<ProfilesModel *>(view->model());
    QVERIFY(model);
    const int date = columnNamed(model, db.dateColumn());
    const int text = columnNamed(model, db.textColumn());
    QVERIFY(!named<QAbstractButton>(window.get(), QStringLiteral("Save changes"))->isEnabled());

    // A date typed into its editor.
    QVERIFY(typeInto(view, model->index(0, date), QStringLiteral("1985-06-07")));
    QTRY_COMPARE(model->index(0, date).data().toDate(), QDate(1985, 6, 7));
    QVERIFY(model->index(0, date).data(ProfilesModel::DirtyRole).toBool());

    // A text typed into its line editor.
    auto *textEditor = qobject_cast<QLineEdit *>(editCell(view, model->index(1, text)));
    QVERIFY(textEditor);
    textEditor->selectAll();
    QTest::keyClicks(textEditor, QStringLiteral("typed-in"));
    QTest::keyClick(textEditor, Qt::Key_Return);
    QTRY_VERIFY(model->index(1, text).data(ProfilesModel::DirtyRole).toBool());
    QVERIFY(window->isWindowModified());

    // A nullable cell set back to NULL with the Delete key.
    view->setFocus();
    view->setCurrentIndex(model->index(2, date));
    QTRY_VERIFY(window->findChild<QAction *>(QStringLiteral("actionSetNull"))->isEnabled());
    QTest::keyClick(view, Qt::Key_Delete);
    QVERIFY(model->index(2, date).data(Qt::EditRole).isNull());

    const QVariant first = model->index(0, 0).data(ProfilesModel::ProfileKeyRole);
    const QVariant second = model->index(1, 0).data(ProfilesModel::ProfileKeyRole);
    const QVariant third = model->index(2, 0).data(ProfilesModel::ProfileKeyRole);
    QVERIFY(named<QAbstractButton>(window.get(), QStringLiteral("Save changes"))->isEnabled());
    QTest::keySequence(window.get(), QKeySequence::Save);
    QTRY_VERIFY(!model->isDirty());
    QVERIFY(!window->isWindowModified());
    QVERIFY(!named<QAbstractButton>(window.get(), QStringLiteral("Save changes"))->isEnabled());

    const auto stored = [&](const QString &column, const QVariant &key) {
        return db.queryValue(
            QStringLiteral("SELECT %1 FROM %2 WHERE id = %3").arg(column, db.profileTable(), key.toString()));
    };
    QCOMPARE(stored(db.dateColumn(), first).toString().left(10), QStringLiteral("1985-06-07"));
    QCOMPARE(stored(db.textColumn(), second).toString(), QStringLiteral("typed-in"));
    QVERIFY(stored(db.dateColumn(), third).isNull());
    QString error;
    const QJsonObject verdict = db.verify(QString(), &error);
    QVERIFY2(verdict.value(u"ok").toBool(), TestDatabase::dump(verdict).constData());
}

void TestGui::revertDropsEdits()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("gui_revert"));
    auto window = seedAndOpen(db, 10, 10);
    QVERIFY(window);
    QString error;
    const QString before = db.saveSnapshot(&error);
    QTableView *view = profilesView(*window);
    auto *model = qobject_cast<ProfilesModel *>(view->model());
    const int photo = columnNamed(model, QStringLiteral("photo"));
    const QString original = model->index(0, photo).data().toString();

    auto *editor = qobject_cast<QLineEdit *>(editCell(view, model->index(0, photo)));
    QVERIFY(editor);
    editor->selectAll();
    QTest::keyClicks(editor, QStringLiteral("not-kept.jpg"));
    QTest::keyClick(editor, Qt::Key_Return);
    QTRY_COMPARE(model->index(0, photo).data().toString(), QStringLiteral("not-kept.jpg"));

    click(named<QAbstractButton>(window.get(), QStringLiteral("Revert changes")));
    QVERIFY(!model->isDirty());
    QCOMPARE(model->index(0, photo).data().toString(), original);
    QVERIFY(!named<QAbstractButton>(window.get(), QStringLiteral("Revert changes"))->isEnabled());
    QVERIFY(db.verify(before, &error).value(u"changed").toArray().isEmpty());
}

void TestGui::refusedSaveKeepsEdits()
{
    QFETCH(QString, engine);
    QFETCH(QString, variant);
    PA_TEST_DATABASE(db, engine, variant, QStringLiteral("gui_refused"));
    auto window = seedAndOpen(db, 10, 10);
    QVERIFY(window);
    QString error;
    // A rule of the database refuses the value: a CHECK on PostgreSQL, a trigger on SQLite (which cannot add
    // a CHECK to a table). The editor itself stops at a varchar's length, so length is no test here.
    const QString refused = QStringLiteral("refused-by-the-database");
    QString message = QStringLiteral("the test rule refuses this value");
    if (db.isMariadb()) {
        message = QStringLiteral("CONSTRAINT `refuse` failed");
        QVERIFY2(db.exec(QStringLiteral("ALTER TABLE %1 ADD CONSTRAINT refuse CHECK (%2 <> '%3')")
                             .arg(db.profileTable(), db.textColumn(), refused),
                         &error),
                 qPrintable(error));
    } else if (db.isPostgres()) {
        message = QStringLiteral("violates check constraint");
        QVERIFY2(db.exec(QStringLiteral("ALTER TABLE %1 ADD CONSTRAINT refuse CHECK (%2 <> '%3')")
                             .arg(db.profileTable(), db.textColumn(), refused),
                         &error),
                 qPrintable(error));
    } else {
        QVERIFY2(db.exec(QStringLiteral("CREATE TRIGGER refuse BEFORE UPDATE ON %1 WHEN NEW.%2 = '%3' "
                                        "BEGIN SELECT RAISE(ABORT, '%4'); END")
                             .arg(db.profileTable(), db.textColumn(), refused, message),
                         &error),
                 qPrintable(error));
    }
    const QString before = db.saveSnapshot(&error);
    QTableView *view = profilesView(*window);
    auto *model = qobject_cast<ProfilesModel *>(view->model());
    const int date = columnNamed(model, db.dateColumn());
    const int text = columnNamed(model, db.textColumn());

    QVERIFY(typeInto(view, model->index(0, date), QStringLiteral("2000-01-02")));
    QTRY_VERIFY(model->index(0, date).data(ProfilesModel::DirtyRole).toBool());
    QVERIFY(typeInto(view, model->index(2, text), refused));
    QTRY_VERIFY(model->index(2, text).data(ProfilesModel::DirtyRole).toBool());

    MessageBox::setNextAnswer(QMessageBox::Ok);
    click(named<QAbstractButton>(window.get(), QStringLiteral("Save changes")));
    // The database's own words, in the warning and the status bar.
    QVERIFY2(MessageBox::lastText().contains(message), qPrintable(MessageBox::lastText()));
    QVERIFY(window->statusBar()->currentMessage().contains(message));
    // Both edits are still on screen, marked, and nothing reached the database.
    QVERIFY(model->isDirty());
    QCOMPARE(model->index(0, date).data().toDate(), QDate(2000, 1, 2));
    QVERIFY(model->index(0, date).data(ProfilesModel::DirtyRole).toBool());
    QCOMPARE(model->index(2, text).data().toString(), refused);
    QVERIFY(model->index(2, text).data(ProfilesModel::DirtyRole).toBool());
    QVERIFY(db.verify(before, &error).value(u"changed").toArray().isEmpty());

    // Mended, the save goes through with both edits.
    QVERIFY(typeInto(view, model->index(2, text), QStringLiteral("mended")));
    QTRY_COMPARE(model->index(2, text).data().toString(), QStringLiteral("mended"));
    click(named<QAbstractButton>(window.get(), QStringLiteral("Save changes")));
    QTRY_VERIFY(!model->isDirty());
    QCOMPARE(db.verify(before, &error).value(u"changed").toArray().size(), 2);
}

void TestGui::unsavedEditsAreNeverLostSilently()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("gui_ask"));
    auto window = seedAndOpen(db, 10, 10);
    QVERIFY(window);
    QString error;
    const QString before = db.saveSnapshot(&error);
    QTableView *view = profilesView(*window);
    auto *model = qobject_cast<ProfilesModel *>(view->model());
    QVERIFY(
        model->setData(model->index(0, columnNamed(model, QStringLiteral("photo"))), QStringLiteral("held")));

    // Refresh, sorting and closing ask; Cancel keeps everything as it was.
    MessageBox::setNextAnswer(QMessageBox::Cancel);
    QTest::keyClick(window.get(), Qt::Key_F5);
    QVERIFY(MessageBox::lastText().contains(QLatin1String("not saved")));
    QVERIFY(model->isDirty());
    MessageBox::setNextAnswer(QMessageBox::Cancel);
    view->horizontalHeader()->setSortIndicator(1, Qt::DescendingOrder);
    QVERIFY(model->isDirty());
    QCOMPARE(view->horizontalHeader()->sortIndicatorSection(), 0);
    MessageBox::setNextAnswer(QMessageBox::Cancel);
    QVERIFY(!window->close());
    QVERIFY(window->isVisible());
    QVERIFY(model->isDirty());

    // Discard: the window closes and the database never saw the edit.
    MessageBox::setNextAnswer(QMessageBox::Discard);
    QVERIFY(window->close());
    QVERIFY(db.verify(before, &error).value(u"changed").toArray().isEmpty());
    // The window remembers its geometry and splitter.
    QVERIFY(QSettings().contains(QStringLiteral("GUI/Qt6/geometry")));
    QVERIFY(QSettings().contains(QStringLiteral("GUI/Qt6/splitterState")));
}

void TestGui::opensDatabasesFromTheDialog()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(first, QStringLiteral("sqlite"), QStringLiteral("classic"), QStringLiteral("gui_first"));
    PA_TEST_DATABASE(second, engine, QStringLiteral("custom"), QStringLiteral("gui_second"));
    QString error;
    QVERIFY2(second.migrate(&error) && second.seed(12, 5, &error), qPrintable(error));
    auto window = seedAndOpen(first, 10, 10);
    QVERIFY(window);
    auto *openAction = window->findChild<QAction *>(QStringLiteral("actionOpenDatabase"));
    QVERIFY(openAction);

    // A file that is no database: the dialog says so and stays open; then the real one.
    const QString notADatabase = m_home->filePath(QStringLiteral("notes.txt"));
    QFile notes(notADatabase);
    QVERIFY(notes.open(QIODevice::WriteOnly));
    notes.write("not a database\n");
    notes.close();
    const DatabaseUrl secondUrl = DatabaseUrl::parse(second.url(), &error);
    // MariaDB checks the password (the fixture's PostgreSQL trusts anyone): a user who has this one.
    QString user = secondUrl.user();
    if (second.isMariadb()) {
        user = QStringLiteral("pa_gui_%1").arg(second.databaseName().section(QLatin1Char('_'), -2));
        QVERIFY2(
            second.exec(
                QStringList{
                    QStringLiteral("DROP USER IF EXISTS '%1'@'%'").arg(user),
                    QStringLiteral("CREATE USER '%1'@'%' IDENTIFIED BY 'sekrit'").arg(user),
                    QStringLiteral("GRANT ALL ON \"%1\".* TO '%2'@'%'").arg(second.databaseName(), user)},
                &error),
            qPrintable(error));
    }
    const auto dropUser = qScopeGuard([&] {
        if (second.isMariadb())
            second.exec(QStringLiteral("DROP USER IF EXISTS '%1'@'%'").arg(user));
    });
    const QString withPassword =
        QStringLiteral("%1://%2:sekrit@%3:%4/%5")
            .arg(second.isMariadb() ? QStringLiteral("mysql") : QStringLiteral("postgres"), user,
                 secondUrl.host())
            .arg(secondUrl.port())
            .arg(secondUrl.databaseName());
    const DatabaseUrl typed =
        second.engine() == QLatin1String("sqlite") ? secondUrl : DatabaseUrl::parse(withPassword, &error);
    // The title shows the database as typed, the password masked.
    const QString title = second.engine() == QLatin1String("sqlite")
                              ? QFileInfo(secondUrl.filePath()).fileName()
                              : typed.toDisplayString();
    bool answered = false;
    onNextDialog<ConnectionDialog>([&](ConnectionDialog *dialog) {
        QVERIFY2(unnamedControls(dialog).isEmpty(), qPrintable(unnamedControls(dialog).join(u',')));
        auto *tabs = named<QTabWidget>(dialog, QStringLiteral("Kind of database"));
        QVERIFY(tabs);
        tabs->setCurrentIndex(1); // SQLite file
        FileDialog::setNextFileName(notADatabase);
        click(named<QPushButton>(dialog, QStringLiteral("Browse")));
        QCOMPARE(named<QLineEdit>(dialog, QStringLiteral("SQLite file"))->text(), notADatabase);
        click(named<QPushButton>(dialog, QStringLiteral("Open")));
        QLabel *message = named<QLabel>(dialog, QStringLiteral("Connection message"));
        QTRY_VERIFY_WITH_TIMEOUT(message && message->text().contains(QLatin1String("not an SQLite database")),
                                 Timeout);
        QVERIFY(dialog->isVisible());

        if (second.engine() != QLatin1String("sqlite")) {
            // A password typed in the URL is used but shown nowhere and stored nowhere.
            tabs->setCurrentIndex(2);
            named<QLineEdit>(dialog, QStringLiteral("Database URL"))->setText(withPassword);
        } else {
            named<QLineEdit>(dialog, QStringLiteral("SQLite file"))->setText(secondUrl.filePath());
        }
        answered = true;
        click(named<QPushButton>(dialog, QStringLiteral("Open")));
    });
    openAction->trigger();
    QVERIFY(answered);
    QTRY_COMPARE_WITH_TIMEOUT(countsText(*window), QStringLiteral("12 users · 7 without profile"), Timeout);
    QVERIFY2(window->windowTitle().contains(title), qPrintable(window->windowTitle()));
    QVERIFY(!window->windowTitle().contains(QLatin1String("sekrit")));
    const QStringList recent = RecentConnections::list();
    QCOMPARE(recent.size(), 2);
    QCOMPARE(recent.first(), typed.toStorableString());
    QVERIFY(!recent.join(u' ').contains(QLatin1String("sekrit")));
    QCOMPARE(profilesView(*window)->model()->rowCount(), 5);
}

void TestGui::everyControlIsNamedAndReachable()
{
    MainWindow window{GuiOptions()};
    window.show();
    QApplication::setActiveWindow(&window);
    QVERIFY(QTest::qWaitForWindowActive(&window));
    // Every control a person operates has a name for screen readers.
    QVERIFY2(unnamedControls(&window).isEmpty(), qPrintable(unnamedControls(&window).join(u',')));
    // The names docs/gui-walkthrough.md gives, and Tab reaches each of them.
    const QStringList names{QStringLiteral("Search users"),
                            QStringLiteral("Show only users without profile"),
                            QStringLiteral("Users"),
                            QStringLiteral("Create profile"),
                            QStringLiteral("Create missing profiles"),
                            QStringLiteral("Profiles"),
                            QStringLiteral("Revert changes"),
                            QStringLiteral("Save changes")};
    QStringList reached;
    QWidget *start = named<QLineEdit>(&window, QStringLiteral("Search users"));
    QVERIFY(start);
    QWidget *widget = start;
    do {
        if (widget->focusPolicy() & Qt::TabFocus)
            reached << widget->accessibleName();
        widget = widget->nextInFocusChain();
    } while (widget != start);
    for (const QString &name : names)
        QVERIFY2(reached.contains(name), qPrintable(name));
    // Every action of the menus with a shortcut or a mnemonic.
    for (const char *action : {"actionOpenDatabase", "actionSaveChanges", "actionCreateProfile",
                               "actionCreateMissingProfiles", "actionRefresh", "actionShowOnlyMissing"})
        QVERIFY2(!window.findChild<QAction *>(QLatin1String(action))->shortcut().isEmpty(), action);
}

void TestGui::opensThePrimaryTableWhenSeveralFit()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("gui_several"));
    QString error;
    QVERIFY2(db.migrate(&error) && db.seed(8, 6, &error), qPrintable(error));
    // A second one-to-one table whose name says "profile" too: the first by name is the primary one.
    QVERIFY2(db.exec(QStringLiteral("CREATE TABLE account_profilebackup (id integer PRIMARY KEY, "
                                    "user_id integer NOT NULL UNIQUE REFERENCES auth_user (id))"),
                     &error),
             qPrintable(error));
    MainWindow window{GuiOptions()};
    window.show();
    window.openDatabase(DatabaseUrl::parse(db.url(), &error));
    // Both tables are counted; the Profiles view starts on the primary one.
    QTRY_COMPARE_WITH_TIMEOUT(countsText(window),
                              QStringLiteral("8 users · 2 without account_profile · 8 without "
                                             "account_profilebackup"),
                              Timeout);
    auto *selector = named<QComboBox>(&window, QStringLiteral("Profile table"));
    QVERIFY(selector);
    QCOMPARE(selector->currentText(), QStringLiteral("account_profile"));

    // --profile-table picks another one.
    GuiOptions options;
    options.discovery.profileTables = QStringList{QStringLiteral("account_profilebackup")};
    MainWindow chosen(options);
    chosen.show();
    chosen.openDatabase(DatabaseUrl::parse(db.url(), &error));
    QTRY_COMPARE_WITH_TIMEOUT(countsText(chosen), QStringLiteral("8 users · 8 without profile"), Timeout);
}

void TestGui::opensTheLastDatabaseOrTheDemo()
{
    // First launch: the demo database, made in the (temporary) data folder.
    {
        MainWindow window{GuiOptions()};
        window.show();
        window.openLastOrDemo();
        QTRY_COMPARE_WITH_TIMEOUT(countsText(window), QStringLiteral("300 users · 60 without profile"),
                                  Timeout);
        QVERIFY(window.windowTitle().contains(QLatin1String("demo.sqlite3")));
    }
    // Later: the last database opened.
    PA_TEST_DATABASE(db, QStringLiteral("sqlite"), QStringLiteral("custom"), QStringLiteral("gui_last"));
    QString error;
    QVERIFY2(db.migrate(&error) && db.seed(7, 3, &error), qPrintable(error));
    RecentConnections::add(DatabaseUrl::parse(db.url(), &error));
    MainWindow window{GuiOptions()};
    window.show();
    window.openLastOrDemo();
    QTRY_COMPARE_WITH_TIMEOUT(countsText(window), QStringLiteral("7 users · 4 without profile"), Timeout);
}

void TestGui::unusableDatabaseOpensTheDialogWithTheReason_data()
{
    QTest::addColumn<QString>("database");
    QTest::addColumn<QString>("reason");
    QTest::newRow("not a URL") << QStringLiteral("oracle://somewhere/db") << QStringLiteral("oracle");
    QTest::newRow("no such file") << QStringLiteral("/nonexistent/db.sqlite3")
                                  << QStringLiteral("/nonexistent");
    if (!TestDatabase::postgresDisabled())
        QTest::newRow("no such PostgreSQL database")
            << QStringLiteral("postgres://postgres@127.0.0.1:%1/no_such_database").arg(TestDatabase::pgPort())
            << QStringLiteral("no_such_database");
    if (!TestDatabase::mariadbDisabled())
        QTest::newRow("no such MariaDB database")
            << QStringLiteral("mysql://root@127.0.0.1:%1/no_such_database").arg(TestDatabase::mariadbPort())
            << QStringLiteral("Unknown database 'no_such_database'");
}

void TestGui::unusableDatabaseOpensTheDialogWithTheReason()
{
    QFETCH(QString, database);
    QFETCH(QString, reason);
    MainWindow window{GuiOptions()};
    window.show();
    QString shown;
    onNextDialog<ConnectionDialog>([&](ConnectionDialog *dialog) {
        QLabel *message = named<QLabel>(dialog, QStringLiteral("Connection message"));
        QVERIFY(message);
        shown = message->text();
        dialog->reject();
    });
    window.openDatabase(database);
    QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty(), Timeout);
    QVERIFY2(shown.contains(reason), qPrintable(shown));
    QCOMPARE(countsText(window), QStringLiteral("No database open"));
}

void TestGui::asksForThePasswordTheServerWants()
{
    PA_TEST_DATABASE(db, QStringLiteral("postgres"), QStringLiteral("classic"),
                     QStringLiteral("gui_password"));
    QString error;
    QVERIFY2(db.migrate(&error) && db.seed(6, 4, &error), qPrintable(error));
    // The throwaway cluster trusts everyone; one role of this test's own must give a password.
    const QString role = QStringLiteral("pa_gui_password_%1").arg(QCoreApplication::applicationPid());
    const QString hbaFile = db.queryValue(QStringLiteral("SHOW hba_file"), &error).toString();
    QVERIFY2(!hbaFile.isEmpty(), qPrintable(error));
    QFile hba(hbaFile);
    QVERIFY(hba.open(QIODevice::ReadOnly));
    const QByteArray trusting = hba.readAll();
    hba.close();
    QVERIFY(hba.open(QIODevice::WriteOnly | QIODevice::Truncate));
    hba.write("host all " + role.toUtf8() + " 127.0.0.1/32 scram-sha-256\n" + trusting);
    hba.close();
    const auto restore = qScopeGuard([&] {
        if (hba.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            hba.write(trusting);
            hba.close();
        }
        db.exec({QStringLiteral("SELECT pg_reload_conf()"), QStringLiteral("DROP OWNED BY %1").arg(role),
                 QStringLiteral("DROP ROLE %1").arg(role)});
    });
    QVERIFY2(
        db.exec(
            {QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD 'right-one'").arg(role),
             QStringLiteral("GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO %1").arg(role),
             QStringLiteral("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO %1").arg(role),
             QStringLiteral("SELECT pg_reload_conf()")},
            &error),
        qPrintable(error));

    const DatabaseUrl url = DatabaseUrl::parse(db.url(), &error);
    const QString typed = QStringLiteral("postgres://%1@%2:%3/%4")
                              .arg(role, url.host())
                              .arg(url.port())
                              .arg(url.databaseName());
    MainWindow window{GuiOptions()};
    window.show();
    QStringList messages;
    onNextDialog<ConnectionDialog>([&](ConnectionDialog *dialog) {
        QLabel *message = named<QLabel>(dialog, QStringLiteral("Connection message"));
        auto *password = named<QLineEdit>(dialog, QStringLiteral("Password"));
        QVERIFY(message && password);
        messages << message->text();
        // The field that gets the keyboard once the dialog is active.
        QCOMPARE(dialog->focusWidget(), password);
        // A wrong password: asked again, in the dialog.
        password->setText(QStringLiteral("wrong-one"));
        click(named<QPushButton>(dialog, QStringLiteral("Open")));
        QTRY_VERIFY_WITH_TIMEOUT(message->text() != messages.last() &&
                                     !message->text().startsWith(QLatin1String("Connecting")),
                                 Timeout);
        messages << message->text();
        password->setText(QStringLiteral("right-one"));
        click(named<QPushButton>(dialog, QStringLiteral("Open")));
    });
    window.openDatabase(typed);
    QTRY_COMPARE_WITH_TIMEOUT(countsText(window), QStringLiteral("6 users · 2 without profile"), Timeout);
    QCOMPARE(messages.size(), 2);
    QVERIFY2(messages.first().contains(QLatin1String("password")), qPrintable(messages.first()));
    QVERIFY2(messages.last().contains(QLatin1String("password authentication failed")),
             qPrintable(messages.last()));
    // The password is used for the session only: neither in the title nor in the recent connections.
    QVERIFY(!window.windowTitle().contains(QLatin1String("right-one")));
    QCOMPARE(RecentConnections::list(), QStringList{typed});
    QVERIFY(!QSettings().allKeys().join(u' ').contains(QLatin1String("right-one")));
}

int main(int argc, char **argv)
{
    return GuiTest::runSuite<TestGui>(argc, argv);
}

#include "tst_gui.moc"

// Moving between the grids and the first contact with a database, driven offscreen as a person would: Return
// on a user, "Show owner" from a profile, the bar about missing profiles, Help, and the demo's first screen.
// After each action the database is asked, not only the model.
#include "CreateMissingDialog.h"
#include "DocumentationViewer.h"
#include "GuiTest.h"
#include "MainWindow.h"
#include "ProfilesModel.h"
#include "ShortcutsDialog.h"
#include "TestDatabase.h"
#include "UsersModel.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QFrame>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QTableView>
#include <QTableWidget>
#include <QTest>
#include <QTextBrowser>
#include <QTimer>

#include <functional>

using namespace GuiTest;

namespace {

// The first row of the Users view whose user has (or lacks) a profile, or -1.
int firstRow(QTableView *users, bool withProfile)
{
    for (int row = 0; row < users->model()->rowCount(); ++row) {
        const QModelIndex index = users->model()->index(row, 0);
        if (index.data(UsersModel::UserKeyRole).isValid() &&
            index.data(UsersModel::MissingProfileRole).toBool() != withProfile)
            return row;
    }
    return -1;
}

// Moves the Users view's cursor to `row` with the keyboard, from the top.
void goToRow(QTableView *view, int row)
{
    view->setFocus();
    // Ctrl+Home moves the cursor only; Down and Up select as they go.
    QTest::keyClick(view, Qt::Key_Home, Qt::ControlModifier);
    QTest::keyClick(view, Qt::Key_Down);
    QTest::keyClick(view, Qt::Key_Up);
    for (int step = 0; step < row; ++step)
        QTest::keyClick(view, Qt::Key_Down);
}

QVariant selectedUser(QTableView *users)
{
    const QModelIndexList rows = users->selectionModel()->selectedRows();
    return rows.size() == 1 ? rows.first().data(UsersModel::UserKeyRole) : QVariant();
}

} // namespace

class TestNavigation : public QObject
{
    Q_OBJECT

private slots:
    void init() { QSettings().clear(); }

    void returnShowsTheProfileOrOffersToCreateIt_data() { TestDatabase::addEngineData(); }
    void returnShowsTheProfileOrOffersToCreateIt();
    void showOwnerSelectsTheUserEvenWhenHidden_data() { TestDatabase::addEngineData(); }
    void showOwnerSelectsTheUserEvenWhenHidden();
    void missingProfilesBarLeadsTheWay_data() { TestDatabase::addEngineData(); }
    void missingProfilesBarLeadsTheWay();
    void helpListsEveryShortcutAndShowsTheGuide();
    void demoShowsUsersWithoutProfileOnItsFirstScreen();
};

void TestNavigation::returnShowsTheProfileOrOffersToCreateIt()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("nav_return"));
    auto window = seedAndOpen(db, 20, 15);
    QVERIFY(window);
    QTableView *users = usersView(*window);
    QTableView *profiles = profilesView(*window);
    const auto *model = qobject_cast<const ProfilesModel *>(profiles->model());
    QVERIFY(model);

    // A user with a profile: Return shows it in Profiles.
    const int withProfile = firstRow(users, true);
    QVERIFY(withProfile >= 0);
    goToRow(users, withProfile);
    const QVariant owner = selectedUser(users);
    QVERIFY(owner.isValid());
    QTest::keyClick(users, Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(profiles->currentIndex().isValid() &&
                                 model->index(profiles->currentIndex().row(), model->linkColumn()).data() ==
                                     owner,
                             Timeout);

    // A user without: Return asks, and Cancel leaves the database as it was.
    const int without = firstRow(users, false);
    QVERIFY(without >= 0);
    goToRow(users, without);
    const QVariant lacking = selectedUser(users);
    QVERIFY(lacking.isValid());
    const QString countProfiles = QStringLiteral("SELECT count(*) FROM %1 WHERE %2 = %3")
                                      .arg(db.profileTable(), db.linkColumn(), lacking.toString());
    bool asked = false;
    onNextDialog<QMessageBox>([&](QMessageBox *box) {
        asked = true;
        QVERIFY(named<QPushButton>(box, QStringLiteral("Create profile")));
        click(named<QPushButton>(box, QStringLiteral("Cancel")));
    });
    QTest::keyClick(users, Qt::Key_Return);
    QVERIFY(asked);
    QCOMPARE(db.queryValue(countProfiles).toInt(), 0);

    // Asked again, Create profile creates it and shows it ready to edit.
    asked = false;
    onNextDialog<QMessageBox>([&](QMessageBox *box) {
        asked = true;
        QVERIFY2(box->text().contains(QLatin1String("has no profile")), qPrintable(box->text()));
        click(named<QPushButton>(box, QStringLiteral("Create profile")));
    });
    users->setFocus();
    QTest::keyClick(users, Qt::Key_Return);
    QVERIFY(asked);
    QTRY_COMPARE_WITH_TIMEOUT(countsText(*window), QStringLiteral("20 users · 4 without profile"), Timeout);
    QCOMPARE(db.queryValue(countProfiles).toInt(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(profiles->currentIndex().isValid() &&
                                 model->index(profiles->currentIndex().row(), model->linkColumn()).data() ==
                                     lacking,
                             Timeout);
}

void TestNavigation::showOwnerSelectsTheUserEvenWhenHidden()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("nav_owner"));
    // More users than one block of the Users view, so the last owner is not read until asked for.
    auto window = seedAndOpen(db, 300, 290);
    QVERIFY(window);
    QTableView *users = usersView(*window);
    QTableView *profiles = profilesView(*window);
    const auto *model = qobject_cast<const ProfilesModel *>(profiles->model());

    // The filter hides every user who has a profile.
    auto *onlyMissing = named<QCheckBox>(window.get(), QStringLiteral("Show only users without profile"));
    QVERIFY(onlyMissing);
    onlyMissing->click();
    QTRY_COMPARE_WITH_TIMEOUT(users->model()->rowCount(), 10, Timeout);

    // The last profile, reached with the keyboard.
    profiles->setFocus();
    QTest::keyClick(profiles, Qt::Key_End, Qt::ControlModifier);
    QTRY_VERIFY_WITH_TIMEOUT(profiles->currentIndex().isValid(), Timeout);
    const QVariant owner = model->index(profiles->currentIndex().row(), model->linkColumn()).data();
    QVERIFY(owner.isValid());
    // The context menu offers it too.
    const QList<QAction *> menu = profiles->actions();
    QVERIFY(std::any_of(menu.begin(), menu.end(),
                        [](QAction *action) { return action->text() == QLatin1String("Show &owner"); }));

    QTest::keySequence(profiles, QKeySequence(QStringLiteral("Ctrl+Shift+U")));
    QTRY_COMPARE_WITH_TIMEOUT(selectedUser(users), owner, Timeout);
    QVERIFY(!onlyMissing->isChecked());
    QCOMPARE(window->focusWidget(), users);
    // The row shown is the database's user with that key.
    const int username = columnNamed(users->model(), QStringLiteral("username"));
    const QString shown = users->model()
                              ->index(users->selectionModel()->selectedRows().first().row(), username)
                              .data()
                              .toString();
    QCOMPARE(
        db.queryValue(
              QStringLiteral("SELECT username FROM %1 WHERE id = %2").arg(db.userTable(), owner.toString()))
            .toString(),
        shown);

    // An owner already on screen is selected at once.
    profiles->setFocus();
    QTest::keyClick(profiles, Qt::Key_Home, Qt::ControlModifier);
    QTRY_VERIFY_WITH_TIMEOUT(profiles->currentIndex().row() == 0, Timeout);
    const QVariant first = model->index(0, model->linkColumn()).data();
    QTest::keySequence(profiles, QKeySequence(QStringLiteral("Ctrl+Shift+U")));
    QTRY_COMPARE_WITH_TIMEOUT(selectedUser(users), first, Timeout);
}

void TestNavigation::missingProfilesBarLeadsTheWay()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("nav_bar"));
    auto window = seedAndOpen(db, 20, 15);
    QVERIFY(window);
    QTableView *users = usersView(*window);
    QFrame *bar = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((bar = named<QFrame>(window.get(), QStringLiteral("Missing profiles"))),
                             Timeout);
    auto *message = named<QLabel>(bar, QStringLiteral("Missing profiles message"));
    QVERIFY(message);
    QVERIFY2(message->text().contains(QLatin1String("5 of 20 users have no profile")),
             qPrintable(message->text()));
    QVERIFY(message->text().contains(QLatin1String("RelatedObjectDoesNotExist")));

    // Show them: the filter is on and the keyboard is in the Users view.
    click(named<QPushButton>(bar, QStringLiteral("Show them")));
    QTRY_COMPARE_WITH_TIMEOUT(users->model()->rowCount(), 5, Timeout);
    QVERIFY(named<QCheckBox>(window.get(), QStringLiteral("Show only users without profile"))->isChecked());
    QCOMPARE(window->focusWidget(), users);

    // Closed, it stays closed; the next opening shows it again.
    click(named<QAbstractButton>(bar, QStringLiteral("Close missing profiles bar")));
    QVERIFY(!bar->isVisible());
    window->openDatabase(db.url());
    QTRY_VERIFY_WITH_TIMEOUT(bar->isVisible(), Timeout);

    // Its Create missing profiles runs the confirmation and the creation; then it goes away.
    onNextDialog<CreateMissingDialog>([](CreateMissingDialog *dialog) { click(dialog->createButton()); });
    click(named<QAbstractButton>(bar, QStringLiteral("Create missing profiles")));
    QTRY_COMPARE_WITH_TIMEOUT(countsText(*window), QStringLiteral("20 users · 0 without profile"), Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(!bar->isVisible(), Timeout);
    QString error;
    const QJsonObject verdict = db.verify(QString(), &error);
    QVERIFY2(verdict.value(u"ok").toBool(), TestDatabase::dump(verdict).constData());
    QCOMPARE(verdict.value(u"missing").toInt(), 0);
}

void TestNavigation::helpListsEveryShortcutAndShowsTheGuide()
{
    MainWindow window{GuiOptions()};
    window.show();
    QApplication::setActiveWindow(&window);
    QVERIFY(QTest::qWaitForWindowActive(&window));

    // Every action of the window that has a shortcut is listed with it.
    bool listed = false;
    onNextDialog<ShortcutsDialog>([&](ShortcutsDialog *dialog) {
        listed = true;
        auto *table = named<QTableWidget>(dialog, QStringLiteral("Shortcuts"));
        QVERIFY(table);
        QMap<QString, QString> rows;
        for (int row = 0; row < table->rowCount(); ++row)
            rows.insert(table->item(row, 0)->text(), table->item(row, 1)->text());
        QCOMPARE(rows.value(QStringLiteral("Show owner")),
                 QKeySequence(QStringLiteral("Ctrl+Shift+U")).toString(QKeySequence::NativeText));
        QCOMPARE(rows.value(QStringLiteral("Create profile")),
                 QKeySequence(QStringLiteral("Ctrl+N")).toString(QKeySequence::NativeText));
        int withShortcut = 0;
        for (const QAction *action : window.findChildren<QAction *>())
            withShortcut += action->shortcut().isEmpty() ? 0 : 1;
        QCOMPARE(table->rowCount(), withShortcut);
        click(named<QPushButton>(dialog, QStringLiteral("Close")));
    });
    QTest::keyClick(&window, Qt::Key_F1, Qt::ControlModifier);
    QVERIFY(listed);

    // F1 shows the guide that ships inside the program.
    QApplication::setActiveWindow(&window);
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTest::keyClick(&window, Qt::Key_F1);
    DocumentationViewer *viewer = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((viewer = window.findChild<DocumentationViewer *>()) && viewer->isVisible(),
                             Timeout);
    auto *browser = named<QTextBrowser>(viewer, QStringLiteral("Documentation"));
    QVERIFY(browser);
    QVERIFY2(browser->toPlainText().contains(QLatin1String("The main window, step by step")),
             qPrintable(browser->toPlainText().left(200)));
    QVERIFY(browser->toPlainText().contains(QLatin1String("Show owner")));
    viewer->close();
}

void TestNavigation::demoShowsUsersWithoutProfileOnItsFirstScreen()
{
    // runSuite() put the data folder, where the demo is made, in a folder of this run.
    MainWindow window{GuiOptions()};
    window.resize(1200, 720);
    window.show();
    QApplication::setActiveWindow(&window);
    QVERIFY(QTest::qWaitForWindowActive(&window));
    window.openDemo();
    QTRY_COMPARE_WITH_TIMEOUT(countsText(window), QStringLiteral("300 users · 60 without profile"), Timeout);
    QTableView *users = usersView(window);
    // Rows a window of this size shows at once, in key order.
    const int firstScreen = 15;
    int highlighted = 0;
    QTRY_VERIFY_WITH_TIMEOUT(users->model()->index(0, 0).data(UsersModel::UserKeyRole).isValid(), Timeout);
    for (int row = 0; row <= firstScreen; ++row)
        highlighted += users->model()->index(row, 0).data(Qt::ToolTipRole).isValid() ? 1 : 0;
    QVERIFY2(highlighted >= 2, qPrintable(QString::number(highlighted)));
    QTRY_VERIFY_WITH_TIMEOUT(named<QFrame>(&window, QStringLiteral("Missing profiles")), Timeout);
}

int main(int argc, char **argv)
{
    return GuiTest::runSuite<TestNavigation>(argc, argv);
}

#include "tst_navigation.moc"

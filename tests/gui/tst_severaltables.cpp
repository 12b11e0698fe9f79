// The window on a site with two profile tables (account_profile and the notifications app's own
// one-to-one table), on SQLite and PostgreSQL: the Users view and the status bar name the tables each user
// lacks, the "Profile table" selector switches the Profiles grid by keyboard, "Create missing profiles"
// fills only the checked tables, in one transaction that Cancel rolls back, and "Create profile" gives the
// selected users every profile they lack. The database is checked by SQL
// and by Django's ORM.
#include "CreateMissingDialog.h"
#include "GuiTest.h"
#include "HeldTableLock.h"
#include "MainWindow.h"
#include "MessageBox.h"
#include "ProfilesModel.h"
#include "TestDatabase.h"
#include "UsersModel.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QComboBox>
#include <QJsonObject>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressDialog>
#include <QPushButton>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStatusBar>
#include <QTableView>
#include <QTest>

using namespace GuiTest;

namespace {

const QString ProfileTable = QStringLiteral("account_profile");
const QString SettingsTable = QStringLiteral("notifications_notificationsettings");

qint64 rowsOf(const TestDatabase &db, const QString &table)
{
    return db.queryValue(QStringLiteral("SELECT count(*) FROM %1").arg(table)).toLongLong();
}

qint64 usersWithout(const TestDatabase &db, const QString &table)
{
    return db
        .queryValue(QStringLiteral("SELECT count(*) FROM auth_user u WHERE NOT EXISTS "
                                   "(SELECT 1 FROM %1 p WHERE p.user_id = u.id)")
                        .arg(table))
        .toLongLong();
}

// The counts the status bar shows for the database as it is.
QString expectedCounts(const TestDatabase &db)
{
    return QStringLiteral("%1 users · %2 without %3 · %4 without %5")
        .arg(rowsOf(db, QStringLiteral("auth_user")))
        .arg(usersWithout(db, ProfileTable))
        .arg(ProfileTable)
        .arg(usersWithout(db, SettingsTable))
        .arg(SettingsTable);
}

// The tables the user `userId` has no row in, as the database says.
QStringList tablesLacking(const TestDatabase &db, const QVariant &userId)
{
    QStringList lacking;
    for (const QString &table : {ProfileTable, SettingsTable}) {
        const qint64 rows = db.queryValue(QStringLiteral("SELECT count(*) FROM %1 WHERE user_id = %2")
                                              .arg(table)
                                              .arg(userId.toLongLong()))
                                .toLongLong();
        if (rows == 0)
            lacking << table;
    }
    return lacking;
}

// A two_profiles site with 20 users: 10 without a profile, 15 without notification settings.
std::unique_ptr<MainWindow> seedTwoAndOpen(const TestDatabase &db)
{
    QString error;
    if (!db.migrate(&error) || !db.seed(20, 10, &error)) {
        QTest::qFail(qPrintable(error), __FILE__, __LINE__);
        return nullptr;
    }
    return openWindow(db, expectedCounts(db));
}

} // namespace

class TestSeveralTables : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void usersViewNamesTheTablesEachUserLacks_data() { TestDatabase::addEngineData(); }
    void usersViewNamesTheTablesEachUserLacks();
    void createsOnlyTheCheckedTables_data() { TestDatabase::addEngineData(); }
    void createsOnlyTheCheckedTables();
    void createProfileFillsEveryTableTheSelectedUsersLack_data() { TestDatabase::addEngineData(); }
    void createProfileFillsEveryTableTheSelectedUsersLack();
};

void TestSeveralTables::usersViewNamesTheTablesEachUserLacks()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("two_profiles"), QStringLiteral("gui_two"));
    auto window = seedTwoAndOpen(db);
    QVERIFY(window);
    QCOMPARE(countsText(*window), QStringLiteral("20 users · 10 without account_profile · 15 without "
                                                 "notifications_notificationsettings"));

    // Every user's tooltip names the tables they lack; icon and background go with it.
    QTableView *users = usersView(*window);
    QCOMPARE(users->model()->rowCount(), 20);
    int lackingAny = 0;
    for (int row = 0; row < users->model()->rowCount(); ++row) {
        const QModelIndex first = users->model()->index(row, 0);
        const QStringList lacking = tablesLacking(db, first.data(UsersModel::UserKeyRole));
        const QString tooltip = first.data(Qt::ToolTipRole).toString();
        if (lacking.isEmpty()) {
            QVERIFY2(tooltip.isEmpty(), qPrintable(tooltip));
            QVERIFY(!first.data(Qt::DecorationRole).isValid());
            continue;
        }
        ++lackingAny;
        QCOMPARE(tooltip, QStringLiteral("No profile in ") + lacking.join(QStringLiteral(", ")));
        QVERIFY(first.data(Qt::DecorationRole).isValid());
        QVERIFY(first.data(Qt::BackgroundRole).isValid());
    }
    QCOMPARE(
        lackingAny,
        db.queryValue(QStringLiteral("SELECT count(*) FROM auth_user u WHERE NOT EXISTS (SELECT 1 FROM %1 p "
                                     "WHERE p.user_id = u.id) OR NOT EXISTS (SELECT 1 FROM %2 s WHERE "
                                     "s.user_id = u.id)")
                          .arg(ProfileTable, SettingsTable))
            .toInt());
    QVERIFY(lackingAny >= 15);

    // The bar above the views counts users lacking a profile in any of the tables.
    QLabel *message = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT(
        (message = named<QLabel>(window.get(), QStringLiteral("Missing profiles message"))), Timeout);
    QVERIFY2(
        message->text().startsWith(
            QStringLiteral("%1 of 20 users lack a profile in some of the 2 profile tables.").arg(lackingAny)),
        qPrintable(message->text()));

    // "Show only users without profile" lists those lacking a profile in any table.
    click(named<QAbstractButton>(window.get(), QStringLiteral("Show only users without profile")));
    QTRY_COMPARE_WITH_TIMEOUT(users->model()->rowCount(), lackingAny, Timeout);
    click(named<QAbstractButton>(window.get(), QStringLiteral("Show only users without profile")));
    QTRY_COMPARE_WITH_TIMEOUT(users->model()->rowCount(), 20, Timeout);

    // Alt+T reaches the "Profile table" selector; Down switches the grid to the other table.
    QTableView *profiles = profilesView(*window);
    QTRY_COMPARE_WITH_TIMEOUT(profiles->model()->rowCount(), 10, Timeout);
    auto *selector = named<QComboBox>(window.get(), QStringLiteral("Profile table"));
    QVERIFY(selector);
    QCOMPARE(selector->currentText(), ProfileTable);
    QTest::keyClick(window.get(), Qt::Key_T, Qt::AltModifier);
    QTRY_VERIFY_WITH_TIMEOUT(selector->hasFocus(), Timeout);
    QTest::keyClick(selector, Qt::Key_Down);
    QCOMPARE(selector->currentText(), SettingsTable);
    profiles = profilesView(*window);
    QTRY_COMPARE_WITH_TIMEOUT(profiles->model()->rowCount(), 5, Timeout);
    const int maxPerDay = columnNamed(profiles->model(), QStringLiteral("max_per_day"));
    const int owner = columnNamed(profiles->model(), QStringLiteral("user_id"));
    QVERIFY(maxPerDay >= 0 && owner >= 0);
    QCOMPARE(columnNamed(profiles->model(), QStringLiteral("bio")), -1);

    // An edit typed into the second table is saved with Ctrl+S into that table.
    const QModelIndex cell = profiles->model()->index(0, maxPerDay);
    const QVariant user = profiles->model()->index(0, owner).data();
    QVERIFY(typeOver(profiles, cell, QStringLiteral("42")));
    QTest::keyClick(profiles, Qt::Key_S, Qt::ControlModifier);
    QTRY_VERIFY_WITH_TIMEOUT(!window->isWindowModified(), Timeout);
    QCOMPARE(db.queryValue(QStringLiteral("SELECT max_per_day FROM %1 WHERE user_id = %2")
                               .arg(SettingsTable)
                               .arg(user.toLongLong()))
                 .toInt(),
             42);

    // "Create profile" (Ctrl+N) on a user who lacks only settings creates them, without asking, and shows
    // them.
    int lackingSettings = -1;
    const auto findLackingSettings = [&] {
        for (int row = 0; row < users->model()->rowCount() && lackingSettings < 0; ++row) {
            if (users->model()->index(row, 0).data(Qt::ToolTipRole).toString() ==
                QStringLiteral("No profile in ") + SettingsTable)
                lackingSettings = row;
        }
        return lackingSettings >= 0;
    };
    // The rows read again after the toggle arrive from the worker.
    QTRY_VERIFY_WITH_TIMEOUT(findLackingSettings(), Timeout);
    const QVariant newOwner = users->model()->index(lackingSettings, 0).data(UsersModel::UserKeyRole);
    const QRect userCell = users->visualRect(users->model()->index(lackingSettings, 1));
    QTest::mouseClick(users->viewport(), Qt::LeftButton, Qt::NoModifier, userCell.center());
    QTRY_VERIFY_WITH_TIMEOUT(
        named<QAbstractButton>(window.get(), QStringLiteral("Create profile"))->isEnabled(), Timeout);
    QTest::keyClick(users, Qt::Key_N, Qt::ControlModifier);
    QTRY_COMPARE_WITH_TIMEOUT(window->statusBar()->currentMessage(),
                              QStringLiteral("Created 1 profile in %1.").arg(SettingsTable), Timeout);
    QCOMPARE(db.queryValue(QStringLiteral("SELECT count(*) FROM %1 WHERE user_id = %2")
                               .arg(SettingsTable)
                               .arg(newOwner.toLongLong()))
                 .toInt(),
             1);
    QTRY_COMPARE_WITH_TIMEOUT(profiles->currentIndex().siblingAtColumn(owner).data(), newOwner, Timeout);

    // Switching back with held edits asks first; Cancel keeps the table and the edit.
    QVERIFY(typeOver(profiles, profiles->model()->index(1, maxPerDay), QStringLiteral("7")));
    QVERIFY(window->isWindowModified());
    MessageBox::setNextAnswer(QMessageBox::Cancel);
    selector->setFocus();
    QTest::keyClick(selector, Qt::Key_Up);
    QCOMPARE(selector->currentText(), SettingsTable);
    QVERIFY(window->isWindowModified());
    MessageBox::setNextAnswer(QMessageBox::Discard);
    QTest::keyClick(selector, Qt::Key_Up);
    QCOMPARE(selector->currentText(), ProfileTable);
    QTRY_COMPARE_WITH_TIMEOUT(profilesView(*window)->model()->rowCount(), 10, Timeout);
    QVERIFY(!window->isWindowModified());
    QCOMPARE(db.queryValue(QStringLiteral("SELECT count(*) FROM %1 WHERE max_per_day = 7").arg(SettingsTable))
                 .toInt(),
             0);
}

void TestSeveralTables::createsOnlyTheCheckedTables()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("two_profiles"), QStringLiteral("gui_twofix"));
    auto window = seedTwoAndOpen(db);
    QVERIFY(window);
    QString error;
    const QString before = db.saveSnapshot(&error);
    QVERIFY2(!before.isEmpty(), qPrintable(error));

    // Cancel while the second table is held by another program: the first table's rows go too.
    {
        HeldTableLock lock(db, SettingsTable);
        QVERIFY2(lock.error().isEmpty(), qPrintable(lock.error()));

        onNextDialog<CreateMissingDialog>([](CreateMissingDialog *dialog) {
            QCOMPARE(dialog->createButton()->text(), QStringLiteral("Create 25 profiles"));
            click(dialog->createButton());
        });
        click(named<QAbstractButton>(window.get(), QStringLiteral("Create missing profiles")));
        QProgressDialog *progress = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((progress = window->findChild<QProgressDialog *>()) && progress->isVisible(),
                                 Timeout);
        click(named<QPushButton>(progress, QStringLiteral("Cancel")));
        QVERIFY(lock.release());
    }
    QTRY_VERIFY_WITH_TIMEOUT(window->statusBar()->currentMessage().startsWith(QLatin1String("Cancelled")),
                             Timeout);
    QCOMPARE(rowsOf(db, ProfileTable), 10);
    QCOMPARE(rowsOf(db, SettingsTable), 5);
    const QJsonObject unchanged = db.verify(before, &error);
    QCOMPARE(unchanged.value(u"changed_count").toInt(), 0);
    QCOMPARE(unchanged.value(u"missing").toInt(), 10);

    // The dialog lists both tables with their counts; account_profile unchecked by keyboard leaves 15.
    bool answered = false;
    onNextDialog<CreateMissingDialog>([&](CreateMissingDialog *dialog) {
        answered = true;
        auto *profiles = named<QCheckBox>(dialog, ProfileTable);
        auto *settings = named<QCheckBox>(dialog, SettingsTable);
        QVERIFY(profiles && settings);
        QVERIFY(profiles->isChecked() && settings->isChecked());
        QVERIFY2(profiles->text().contains(QLatin1String("10 users")), qPrintable(profiles->text()));
        QVERIFY2(settings->text().contains(QLatin1String("15 users")), qPrintable(settings->text()));
        QCOMPARE(dialog->createButton()->text(), QStringLiteral("Create 25 profiles"));
        profiles->setFocus();
        QTest::keyClick(profiles, Qt::Key_Space);
        QVERIFY(!profiles->isChecked());
        QCOMPARE(dialog->createButton()->text(), QStringLiteral("Create 15 profiles"));
        // Each table's plan and SQL are a tab of their own.
        auto *sql = named<QPlainTextEdit>(dialog, QStringLiteral("SQL preview"));
        QVERIFY(sql);
        QVERIFY2(sql->toPlainText().contains(ProfileTable), qPrintable(sql->toPlainText()));
        click(named<QPushButton>(dialog, QStringLiteral("Create 15 profiles")));
    });
    click(named<QAbstractButton>(window.get(), QStringLiteral("Create missing profiles")));
    QVERIFY(answered);

    QTRY_COMPARE_WITH_TIMEOUT(countsText(*window),
                              QStringLiteral("20 users · 10 without account_profile · 0 without "
                                             "notifications_notificationsettings"),
                              Timeout);
    QVERIFY2(window->statusBar()->currentMessage().startsWith(QLatin1String("Created 15 profiles in ")),
             qPrintable(window->statusBar()->currentMessage()));
    QCOMPARE(rowsOf(db, ProfileTable), 10);
    QCOMPARE(rowsOf(db, SettingsTable), 20);
    // Django's ORM agrees: every user has settings, ten still lack a profile.
    const QJsonObject verdict = db.verify(QString(), &error);
    QCOMPARE(verdict.value(u"missing").toInt(), 10);
    const QJsonObject settingsVerdict = verdict.value(u"others").toObject().value(SettingsTable).toObject();
    QCOMPARE(settingsVerdict.value(u"missing").toInt(), 0);
    QCOMPARE(settingsVerdict.value(u"access_errors_count").toInt(), 0);
    // The highlights follow: a user who still lacks a profile is named for account_profile alone.
    QTableView *users = usersView(*window);
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            for (int row = 0; row < users->model()->rowCount(); ++row) {
                const QString tip = users->model()->index(row, 0).data(Qt::ToolTipRole).toString();
                if (tip.contains(SettingsTable))
                    return false;
            }
            return true;
        }(),
        Timeout);
}

// Two users selected by keyboard, Ctrl+N: the confirmation lists each table they lack with how many of them
// lack it, and one transaction gives them every missing profile; nobody else is touched.
void TestSeveralTables::createProfileFillsEveryTableTheSelectedUsersLack()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("two_profiles"), QStringLiteral("gui_twofor"));
    auto window = seedTwoAndOpen(db);
    QVERIFY(window);
    QTableView *users = usersView(*window);
    QTRY_COMPARE_WITH_TIMEOUT(users->model()->rowCount(), 20, Timeout);

    // The first user lacking both tables, and the one after them.
    int first = -1;
    for (int row = 0; row + 1 < users->model()->rowCount() && first < 0; ++row) {
        if (tablesLacking(db, users->model()->index(row, 0).data(UsersModel::UserKeyRole)).size() == 2)
            first = row;
    }
    QVERIFY(first >= 0);
    const QVariant firstUser = users->model()->index(first, 0).data(UsersModel::UserKeyRole);
    const QVariant secondUser = users->model()->index(first + 1, 0).data(UsersModel::UserKeyRole);
    qint64 lackingProfile = 0;
    qint64 lackingSettings = 0;
    for (const QVariant &user : {firstUser, secondUser}) {
        const QStringList lacking = tablesLacking(db, user);
        lackingProfile += lacking.contains(ProfileTable) ? 1 : 0;
        lackingSettings += lacking.contains(SettingsTable) ? 1 : 0;
    }
    const qint64 profilesBefore = rowsOf(db, ProfileTable);
    const qint64 settingsBefore = rowsOf(db, SettingsTable);

    // Ctrl+Home, Down to the first user, Shift+Down to the second: both selected.
    users->setFocus();
    QTest::keyClick(users, Qt::Key_Home, Qt::ControlModifier);
    for (int row = 0; row < first; ++row)
        QTest::keyClick(users, Qt::Key_Down);
    QTest::keyClick(users, Qt::Key_Down, Qt::ShiftModifier);
    QCOMPARE(users->selectionModel()->selectedRows().size(), 2);
    QTRY_VERIFY_WITH_TIMEOUT(
        named<QAbstractButton>(window.get(), QStringLiteral("Create profile"))->isEnabled(), Timeout);

    bool answered = false;
    onNextDialog<CreateMissingDialog>([&](CreateMissingDialog *dialog) {
        answered = true;
        auto *profiles = named<QCheckBox>(dialog, ProfileTable);
        auto *settings = named<QCheckBox>(dialog, SettingsTable);
        QVERIFY(profiles && settings);
        QVERIFY(profiles->isChecked() && settings->isChecked());
        QVERIFY2(profiles->text().startsWith(
                     QStringLiteral("%1: %2 selected user").arg(ProfileTable).arg(lackingProfile)),
                 qPrintable(profiles->text()));
        QVERIFY2(settings->text().startsWith(
                     QStringLiteral("%1: %2 selected user").arg(SettingsTable).arg(lackingSettings)),
                 qPrintable(settings->text()));
        QCOMPARE(dialog->createButton()->text(),
                 QStringLiteral("Create %1 profiles").arg(lackingProfile + lackingSettings));
        QTest::keyClick(dialog, Qt::Key_Return);
    });
    QTest::keyClick(users, Qt::Key_N, Qt::ControlModifier);
    QVERIFY(answered);
    QTRY_COMPARE_WITH_TIMEOUT(window->statusBar()->currentMessage(),
                              QStringLiteral("Created %1 profiles (%2 in %3, %4 in %5).")
                                  .arg(lackingProfile + lackingSettings)
                                  .arg(lackingProfile)
                                  .arg(ProfileTable)
                                  .arg(lackingSettings)
                                  .arg(SettingsTable),
                              Timeout);

    // Both users have both now; nobody else got anything.
    QVERIFY(tablesLacking(db, firstUser).isEmpty());
    QVERIFY(tablesLacking(db, secondUser).isEmpty());
    QCOMPARE(rowsOf(db, ProfileTable), profilesBefore + lackingProfile);
    QCOMPARE(rowsOf(db, SettingsTable), settingsBefore + lackingSettings);
    QTRY_COMPARE_WITH_TIMEOUT(countsText(*window), expectedCounts(db), Timeout);
    QString error;
    const QJsonObject verdict = db.verify(QString(), &error);
    QCOMPARE(verdict.value(u"missing").toInt(), 10 - int(lackingProfile));
    QCOMPARE(verdict.value(u"others").toObject().value(SettingsTable).toObject().value(u"missing").toInt(),
             15 - int(lackingSettings));
}

int main(int argc, char **argv)
{
    return GuiTest::runSuite<TestSeveralTables>(argc, argv);
}

#include "tst_severaltables.moc"

// Finding rows in the window, as a person does: the Profiles search, the quick filters of both grids from
// the keyboard, the counts of what matches in the status bar, the note in an empty view; and pages that
// follow keys, so a profile created while page 2 is shown turns up on page 2, selected. Every figure is
// checked against the database with SQL of the test's own.
#include "CreateMissingDialog.h"
#include "GuiTest.h"
#include "MainWindow.h"
#include "ProfilesModel.h"
#include "TestDatabase.h"
#include "UsersModel.h"

#include <QAbstractButton>
#include <QApplication>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QPushButton>
#include <QTableView>
#include <QTest>
#include <QTimer>

#include <functional>

using namespace GuiTest;

namespace {

// The note inside `view` when nothing matches; empty while hidden.
QString n(qint64 value)
{
    return QLocale().toString(value);
}

QString emptyNote(QTableView *view)
{
    for (QLabel *label : view->viewport()->findChildren<QLabel *>()) {
        if (label->accessibleName() == QLatin1String("Empty result") && label->isVisible())
            return label->text();
    }
    return {};
}

// Puts the cursor on `column` of the first row with the keyboard, then opens "Filter column…" (Ctrl+Shift+L).
QMenu *openFilterMenu(QTableView *view, int column)
{
    // Shortcuts need the active window, which the previous menu gives back as it closes.
    if (!QTest::qWaitForWindowActive(view->window()))
        return nullptr;
    view->setFocus();
    QTest::keyClick(view, Qt::Key_Home, Qt::ControlModifier);
    QTest::keyClick(view, Qt::Key_Home);
    for (int i = 0; i < column; ++i)
        QTest::keyClick(view, Qt::Key_Right);
    if (view->currentIndex().column() != column)
        return nullptr;
    QTest::keySequence(view, QKeySequence(QStringLiteral("Ctrl+Shift+L")));
    QMenu *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
    return menu && menu->accessibleName() == QLatin1String("Filter column") ? menu : nullptr;
}

// Types `text` into the menu's "Filter contains" field and presses Return.
bool filterContains(QMenu *menu, const QString &text)
{
    auto *edit = named<QLineEdit>(menu, QStringLiteral("Filter contains"));
    if (!edit)
        return false;
    QTest::keyClicks(edit, text);
    QTest::keyClick(edit, Qt::Key_Return);
    return true;
}

} // namespace

class TestGridFinding final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void newProfileShowsOnThePageWhereItsKeySorts_data() { TestDatabase::addEngineData(); }
    void newProfileShowsOnThePageWhereItsKeySorts();
    void searchAndFiltersNarrowProfilesAndSayHowMany_data() { TestDatabase::addEngineData(); }
    void searchAndFiltersNarrowProfilesAndSayHowMany();
    void usersFiltersCombineAndAnEmptyResultSaysSo_data() { TestDatabase::addEngineData(); }
    void usersFiltersCombineAndAnEmptyResultSaysSo();
};

void TestGridFinding::newProfileShowsOnThePageWhereItsKeySorts()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("keyset"));
    QString error;
    QVERIFY2(db.migrate(&error) && db.seed(1100, 1001, &error), qPrintable(error));
    auto window = openWindow(db, QStringLiteral("%1 users · 99 without profile").arg(n(1100)));
    QVERIFY(window);
    QTableView *profiles = profilesView(*window);
    const auto *model = qobject_cast<const ProfilesModel *>(profiles->model());
    QVERIFY(model);
    auto *pageLabel = named<QLabel>(window.get(), QStringLiteral("Profiles shown"));
    QVERIFY(pageLabel);
    QTRY_COMPARE_WITH_TIMEOUT(pageLabel->text(), QStringLiteral("Profiles 1–%1 of %2").arg(n(1000), n(1001)),
                              Timeout);

    // Page 2, from the keyboard.
    profiles->setFocus();
    QTest::keySequence(profiles, QKeySequence(QStringLiteral("Ctrl+PgDown")));
    QCOMPARE(pageLabel->text(), QStringLiteral("Profiles %1–%1 of %1").arg(n(1001)));
    QCOMPARE(model->rowCount(), 1);

    // A user without a profile, selected in the Users view, gets one with Ctrl+N.
    QTableView *users = usersView(*window);
    int missingRow = -1;
    for (int row = 0; row < users->model()->rowCount() && missingRow < 0; ++row) {
        if (users->model()->index(row, 0).data(UsersModel::MissingProfileRole).toBool())
            missingRow = row;
    }
    QVERIFY(missingRow >= 0);
    const QVariant user = users->model()->index(missingRow, 0).data(UsersModel::UserKeyRole);
    users->setFocus();
    users->selectRow(missingRow);
    QTRY_VERIFY(named<QAbstractButton>(window.get(), QStringLiteral("Create profile"))->isEnabled());
    QTest::keySequence(users, QKeySequence(QStringLiteral("Ctrl+N")));
    QTRY_COMPARE_WITH_TIMEOUT(countsText(*window),
                              QStringLiteral("%1 users · 98 without profile").arg(n(1100)), Timeout);

    // The new profile sorts after profile 1001 by its key: it is on page 2, selected, and the page says so.
    const QVariant key = db.queryValue(QStringLiteral("SELECT id FROM %1 WHERE %2 = %3")
                                           .arg(db.profileTable(), db.linkColumn(), user.toString()));
    QVERIFY(key.isValid());
    QCOMPARE(
        db.queryValue(
              QStringLiteral("SELECT count(*) FROM %1 WHERE id < %2").arg(db.profileTable(), key.toString()))
            .toInt(),
        1001);
    QTRY_VERIFY_WITH_TIMEOUT(profiles->currentIndex().isValid() &&
                                 model->index(profiles->currentIndex().row(), model->linkColumn()).data() ==
                                     user,
                             Timeout);
    QCOMPARE(profiles->currentIndex().row(), 1);
    QCOMPARE(profiles->currentIndex().data(ProfilesModel::ProfileKeyRole).toString(), key.toString());
    QTRY_COMPARE_WITH_TIMEOUT(pageLabel->text(), QStringLiteral("Profiles %1–%2 of %2").arg(n(1001), n(1002)),
                              Timeout);
    QCOMPARE(model->pageStart(), 1000);
    // The page holds exactly the profiles the database puts there.
    QCOMPARE(model->index(0, model->keyColumn()).data().toString(),
             db.queryValue(
                   QStringLiteral("SELECT id FROM %1 ORDER BY id LIMIT 1 OFFSET 1000").arg(db.profileTable()))
                 .toString());

    // Back and forth by key: page 1 holds the first thousand, page 2 the rest.
    QTest::keySequence(profiles, QKeySequence(QStringLiteral("Ctrl+PgUp")));
    QCOMPARE(pageLabel->text(), QStringLiteral("Profiles 1–%1 of %2").arg(n(1000), n(1002)));
    QCOMPARE(model->index(999, model->keyColumn()).data().toString(),
             db.queryValue(
                   QStringLiteral("SELECT id FROM %1 ORDER BY id LIMIT 1 OFFSET 999").arg(db.profileTable()))
                 .toString());
    QTest::keySequence(profiles, QKeySequence(QStringLiteral("Ctrl+PgDown")));
    QCOMPARE(pageLabel->text(), QStringLiteral("Profiles %1–%2 of %2").arg(n(1001), n(1002)));
    QCOMPARE(model->index(1, model->keyColumn()).data().toString(), key.toString());

    // Creating every missing profile keeps page 2 where it was: it starts at the same profile, and the new
    // ones follow it.
    const QString firstKey = model->index(0, model->keyColumn()).data().toString();
    onNextDialog<CreateMissingDialog>([](CreateMissingDialog *dialog) { click(dialog->createButton()); });
    QTest::keySequence(window.get(), QKeySequence(QStringLiteral("Ctrl+Shift+N")));
    QTRY_COMPARE_WITH_TIMEOUT(countsText(*window),
                              QStringLiteral("%1 users · 0 without profile").arg(n(1100)), Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(pageLabel->text(), QStringLiteral("Profiles %1–%2 of %2").arg(n(1001), n(1100)),
                              Timeout);
    QCOMPARE(model->rowCount(), 100);
    QCOMPARE(model->index(0, model->keyColumn()).data().toString(), firstKey);
    QCOMPARE(model->index(99, model->keyColumn()).data().toString(),
             db.queryValue(QStringLiteral("SELECT max(id) FROM %1").arg(db.profileTable())).toString());
}

void TestGridFinding::searchAndFiltersNarrowProfilesAndSayHowMany()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("profsearch"));
    auto window = seedAndOpen(db, 40, 30);
    QVERIFY(window);
    QTableView *profiles = profilesView(*window);
    const auto *model = qobject_cast<const ProfilesModel *>(profiles->model());
    QVERIFY(model);
    const QString counts = QStringLiteral("40 users · 10 without profile");

    // The search looks at the owner's username, any case: user00010 … user00019.
    auto *search = named<QLineEdit>(window.get(), QStringLiteral("Search profiles"));
    QVERIFY(search);
    QTest::keySequence(window.get(), QKeySequence(QStringLiteral("Ctrl+Shift+F")));
    QCOMPARE(QApplication::focusWidget(), search);
    QTest::keyClicks(search, QStringLiteral("R0001"));
    QTest::keyClick(search, Qt::Key_Return);
    const int owned =
        db.queryValue(QStringLiteral("SELECT count(*) FROM %1 p JOIN auth_user u ON u.id = p.%2 "
                                     "WHERE u.username LIKE '%user0001%'")
                          .arg(db.profileTable(), db.linkColumn()))
            .toInt();
    QVERIFY(owned > 0);
    QTRY_COMPARE_WITH_TIMEOUT(countsText(*window),
                              counts + QStringLiteral(" · %1 of 30 profiles match").arg(owned), Timeout);
    QCOMPARE(model->rowCount(), owned);

    // And the photo column contains the end of one of their photos' names, in capitals: "/15.JPG".
    const QString photoEnd =
        db.queryValue(QStringLiteral("SELECT photo FROM %1 p JOIN auth_user u ON u.id = p.%2 "
                                     "WHERE u.username LIKE '%user0001%' ORDER BY p.id LIMIT 1")
                          .arg(db.profileTable(), db.linkColumn()))
            .toString()
            .section(QLatin1Char('/'), -1)
            .prepend(QLatin1Char('/'));
    const int photo = columnNamed(model, QStringLiteral("photo"));
    QVERIFY(photo >= 0);
    QMenu *menu = openFilterMenu(profiles, photo);
    QVERIFY(menu);
    QVERIFY(filterContains(menu, photoEnd.toUpper()));
    const int both = db.queryValue(QStringLiteral("SELECT count(*) FROM %1 p JOIN auth_user u ON u.id = p.%2 "
                                                  "WHERE u.username LIKE '%user0001%' AND p.photo LIKE '%%3'")
                                       .arg(db.profileTable(), db.linkColumn(), photoEnd))
                         .toInt();
    QCOMPARE(both, 1);
    QTRY_COMPARE_WITH_TIMEOUT(countsText(*window),
                              counts + QStringLiteral(" · %1 of 30 profiles match").arg(both), Timeout);
    QCOMPARE(model->rowCount(), both);
    // The header shows the filter, the tooltip says it.
    QCOMPARE(model->headerData(photo, Qt::Horizontal).toString(), QStringLiteral("photo ⧩"));
    QCOMPARE(model->headerData(photo, Qt::Horizontal, Qt::ToolTipRole).toString(),
             QStringLiteral("Filtered: photo contains “%1”").arg(photoEnd.toUpper()));

    // The date is NULL in none of them: nothing matches, and the view says so inside.
    const int date = columnNamed(model, db.dateColumn());
    menu = openFilterMenu(profiles, date);
    QVERIFY(menu);
    QTest::keyClick(menu, Qt::Key_N);
    QCOMPARE(db.queryValue(QStringLiteral("SELECT count(*) FROM %1 WHERE %2 IS NULL")
                               .arg(db.profileTable(), db.dateColumn()))
                 .toInt(),
             0);
    QTRY_COMPARE_WITH_TIMEOUT(countsText(*window), counts + QStringLiteral(" · 0 of 30 profiles match"),
                              Timeout);
    QCOMPARE(model->rowCount(), 0);
    QTRY_COMPARE(emptyNote(profiles), QStringLiteral("No profiles match “R0001”"));

    // Clearing the search and every filter shows them all again.
    search->setFocus();
    QTest::keyClick(search, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(search, Qt::Key_Delete);
    QTest::keyClick(search, Qt::Key_Return);
    QTRY_COMPARE(emptyNote(profiles), QStringLiteral("No profiles match the column filters"));
    profiles->setFocus();
    QTest::keySequence(profiles, QKeySequence(QStringLiteral("Ctrl+Shift+L")));
    menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
    QVERIFY(menu);
    QTest::keyClick(menu, Qt::Key_A);
    QTRY_COMPARE_WITH_TIMEOUT(countsText(*window), counts, Timeout);
    QCOMPARE(model->rowCount(), 30);
    QCOMPARE(emptyNote(profiles), QString());
    QCOMPARE(model->headerData(photo, Qt::Horizontal).toString(), QStringLiteral("photo"));

    // A profile asked for from the Users view while the search hides it: the search gives way.
    search->setFocus();
    QTest::keyClicks(search, QStringLiteral("zzz"));
    QTest::keyClick(search, Qt::Key_Return);
    QTRY_COMPARE(emptyNote(profiles), QStringLiteral("No profiles match “zzz”"));
    QTableView *users = usersView(*window);
    int withProfile = -1;
    for (int row = 0; row < users->model()->rowCount() && withProfile < 0; ++row) {
        if (!users->model()->index(row, 0).data(UsersModel::MissingProfileRole).toBool())
            withProfile = row;
    }
    QVERIFY(withProfile >= 0);
    const QVariant user = users->model()->index(withProfile, 0).data(UsersModel::UserKeyRole);
    users->setFocus();
    users->selectRow(withProfile);
    QTest::keyClick(users, Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(profiles->currentIndex().isValid() &&
                                 model->index(profiles->currentIndex().row(), model->linkColumn()).data() ==
                                     user,
                             Timeout);
    QCOMPARE(search->text(), QString());
    QCOMPARE(emptyNote(profiles), QString());
    QTRY_COMPARE_WITH_TIMEOUT(countsText(*window), counts, Timeout);
}

void TestGridFinding::usersFiltersCombineAndAnEmptyResultSaysSo()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("userfilter"));
    auto window = seedAndOpen(db, 40, 30);
    QVERIFY(window);
    QTableView *users = usersView(*window);
    const QAbstractItemModel *model = users->model();

    // Email contains "r0001" (users 10 to 19), from the keyboard on the email column.
    const int email = columnNamed(model, QStringLiteral("email"));
    QVERIFY(email >= 0);
    QMenu *menu = openFilterMenu(users, email);
    QVERIFY(menu);
    QVERIFY(filterContains(menu, QStringLiteral("R0001")));
    const int withEmail =
        db.queryValue(QStringLiteral("SELECT count(*) FROM auth_user WHERE email LIKE '%r0001%'")).toInt();
    QCOMPARE(withEmail, 10);
    QTRY_COMPARE_WITH_TIMEOUT(countsText(*window),
                              QStringLiteral("%1 of 40 users match · 10 without profile").arg(withEmail),
                              Timeout);
    QCOMPARE(model->headerData(email, Qt::Horizontal).toString(), QStringLiteral("email ⧩"));
    QCOMPARE(model->headerData(email, Qt::Horizontal, Qt::ToolTipRole).toString(),
             QStringLiteral("Filtered: email contains “R0001”"));

    // AND last_login is NULL AND only users without profile: combined by the database.
    const int login = columnNamed(model, QStringLiteral("last_login"));
    QVERIFY(login >= 0);
    menu = openFilterMenu(users, login);
    QVERIFY(menu);
    QTest::keyClick(menu, Qt::Key_N);
    auto *onlyMissing =
        named<QAbstractButton>(window.get(), QStringLiteral("Show only users without profile"));
    QVERIFY(onlyMissing);
    QTest::keySequence(window.get(), QKeySequence(QStringLiteral("Ctrl+M")));
    QTRY_VERIFY(onlyMissing->isChecked());
    const int combined =
        db.queryValue(QStringLiteral("SELECT count(*) FROM auth_user u WHERE u.email LIKE '%r0001%' "
                                     "AND u.last_login IS NULL AND NOT EXISTS (SELECT 1 FROM %1 p "
                                     "WHERE p.%2 = u.id)")
                          .arg(db.profileTable(), db.linkColumn()))
            .toInt();
    QTRY_COMPARE_WITH_TIMEOUT(countsText(*window),
                              QStringLiteral("%1 of 40 users match · 10 without profile").arg(combined),
                              Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), combined, Timeout);

    // A search that finds nobody says so in the view.
    auto *search = named<QLineEdit>(window.get(), QStringLiteral("Search users"));
    QVERIFY(search);
    QTest::keySequence(window.get(), QKeySequence(QStringLiteral("Ctrl+F")));
    QTest::keyClicks(search, QStringLiteral("zzz"));
    QTest::keyClick(search, Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(countsText(*window), QStringLiteral("0 of 40 users match · 10 without profile"),
                              Timeout);
    QTRY_COMPARE(emptyNote(users), QStringLiteral("No users match “zzz”"));
    QCOMPARE(model->rowCount(), 0);
}

int main(int argc, char **argv)
{
    return runSuite<TestGridFinding>(argc, argv);
}

#include "tst_gridfinding.moc"

// The Users view with more users than its window holds, driven with real keys: Ctrl+End reaches the last user
// and Ctrl+Home the first, PageDown carries on past the window's edge, the current user survives the scroll
// bar moving the window away and back, "Create profile" and Export act on the users found after a move, and
// Show owner moves the window to a user it does not hold. Ctrl+End pressed while the users are still being
// counted goes to the last user at once on the server's estimate of the table's size, or, where there is
// none, as soon as the count arrives. Each user is checked against the database's key order.
#include "CsvReader.h"
#include "ExportDialog.h"
#include "FileDialog.h"
#include "GuiTest.h"
#include "HeldUserCounts.h"
#include "MainWindow.h"
#include "ProfilesModel.h"
#include "TestDatabase.h"
#include "UsersModel.h"

#include <QAbstractProxyModel>
#include <QApplication>
#include <QCheckBox>
#include <QLabel>
#include <QLocale>
#include <QProgressDialog>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollBar>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace GuiTest;

namespace {

constexpr int Users = 3000;
constexpr int Window = 1000;

// The key of the user at `position` in key order, as the database says.
QVariant keyAt(const TestDatabase &db, qint64 position)
{
    return db.queryValue(
        QStringLiteral("SELECT id FROM auth_user ORDER BY id LIMIT 1 OFFSET %1").arg(position));
}

int profilesOf(const TestDatabase &db, const QVariant &key)
{
    return db
        .queryValue(
            QStringLiteral("SELECT count(*) FROM account_profile WHERE user_id = %1").arg(key.toString()))
        .toInt();
}

QVariant currentUser(const QTableView *view)
{
    return view->currentIndex().data(UsersModel::UserKeyRole);
}

QVariant selectedUser(const QTableView *view)
{
    const QModelIndexList rows = view->selectionModel()->selectedRows();
    return rows.size() == 1 ? rows.first().data(UsersModel::UserKeyRole) : QVariant();
}

QString shownRows(qint64 first, qint64 last, qint64 total)
{
    const QLocale locale;
    return QStringLiteral("rows %1–%2 of %3")
        .arg(locale.toString(first), locale.toString(last), locale.toString(total));
}

UsersModel *usersModel(QTableView *users)
{
    return qobject_cast<UsersModel *>(
        qobject_cast<const QAbstractProxyModel *>(users->model())->sourceModel());
}

// The main window opened as `held`'s role while its counts of the users wait (HeldUserCounts), its Users view
// holding Window rows. The window is destroyed after `held` lets the counts its workers wait for go on.
struct WindowWhileCounting
{
    explicit WindowWhileCounting(const TestDatabase &db)
        : held(db)
    {
        if (!held.error().isEmpty())
            return;
        window = openWindow(db, QStringLiteral("Counting users…"), held.url());
        users = window ? usersView(*window) : nullptr;
        model = users ? usersModel(users) : nullptr;
        if (model)
            model->setWindowRows(Window);
    }
    QString problem() const
    {
        return held.error().isEmpty() ? QStringLiteral("the window did not open") : held.error();
    }

    std::unique_ptr<MainWindow> window;
    HeldUserCounts held;
    QTableView *users = nullptr;
    UsersModel *model = nullptr;
};

} // namespace

class TestUsersWindow : public QObject
{
    Q_OBJECT

private slots:
    void keysReachEveryUserAcrossTheWindow_data() { TestDatabase::addEngineData(); }
    void keysReachEveryUserAcrossTheWindow();
    void ctrlEndBeforeTheCountGoesToTheEstimatedEnd();
    void ctrlEndBeforeTheCountWaitsForIt();
};

void TestUsersWindow::keysReachEveryUserAcrossTheWindow()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("guiwindow"));
    QString error;
    QVERIFY2(db.migrate(&error) && db.seed(Users, 0, &error), qPrintable(error));
    const QString total = QLocale().toString(Users);
    auto window = openWindow(db, QStringLiteral("%1 users · %1 without profile").arg(total));
    QVERIFY(window);
    QTableView *users = usersView(*window);
    UsersModel *model = usersModel(users);
    QVERIFY(model);
    model->setWindowRows(Window);
    QTRY_COMPARE_WITH_TIMEOUT(users->model()->rowCount(), Window, Timeout);
    auto *label = named<QLabel>(window.get(), QStringLiteral("Shown rows"));
    QVERIFY(label);
    QCOMPARE(label->text(), shownRows(1, Window, Users));

    // Ctrl+End: the last user, beyond the first window.
    users->setFocus();
    QTest::keyClick(users, Qt::Key_End, Qt::ControlModifier);
    QCOMPARE(model->windowStart() + users->model()->rowCount(), qint64(Users));
    QCOMPARE(users->currentIndex().row(), users->model()->rowCount() - 1);
    const QVariant last = keyAt(db, Users - 1);
    QTRY_COMPARE_WITH_TIMEOUT(currentUser(users), last, Timeout);
    QCOMPARE(label->text(), shownRows(model->windowStart() + 1, Users, Users));

    // Create profile on them writes their row.
    QTest::keyClick(users, Qt::Key_Up);
    QTest::keyClick(users, Qt::Key_Down);
    QTRY_COMPARE_WITH_TIMEOUT(selectedUser(users), last, Timeout);
    QTest::keySequence(users, QKeySequence(QStringLiteral("Ctrl+N")));
    QTRY_COMPARE_WITH_TIMEOUT(
        countsText(*window),
        QStringLiteral("%1 users · %2 without profile").arg(total, QLocale().toString(Users - 1)), Timeout);
    QCOMPARE(profilesOf(db, last), 1);
    QCOMPARE(db.queryValue(QStringLiteral("SELECT count(*) FROM account_profile")).toInt(), 1);

    // Export of the last two users: the selected rows are theirs, and "all" is every user, not the window.
    // Creating showed the profile: the keyboard goes back to the Users view.
    users->setFocus();
    QTRY_VERIFY(users->hasFocus());
    QTest::keyClick(users, Qt::Key_Up, Qt::ShiftModifier);
    QTemporaryDir folder;
    const QString file = folder.filePath(QStringLiteral("users.csv"));
    FileDialog::setNextFileName(file);
    bool answered = false;
    onNextDialog<ExportDialog>([&](ExportDialog *dialog) {
        answered = true;
        QCOMPARE(named<QRadioButton>(dialog, QStringLiteral("All matching rows"))->text(),
                 QStringLiteral("&All %1 matching rows").arg(total));
        auto *selected = named<QRadioButton>(dialog, QStringLiteral("Selected rows"));
        QCOMPARE(selected->text(), QStringLiteral("&Selected rows (2)"));
        QVERIFY(selected->isChecked());
        click(named<QPushButton>(dialog, QStringLiteral("Export")));
    });
    QTest::keySequence(users, QKeySequence(QStringLiteral("Ctrl+E")));
    QTRY_VERIFY(answered);
    QTRY_VERIFY_WITH_TIMEOUT(
        window->statusBar()->currentMessage().startsWith(QLatin1String("Exported 2 rows to ")), Timeout);
    QTRY_VERIFY(!window->findChild<QProgressDialog *>());
    const QList<CsvReader::Record> csv = CsvReader::read(file, &error);
    QCOMPARE(csv.size(), 3);
    QCOMPARE(csv.at(1).first(), keyAt(db, Users - 2).toString());
    QCOMPARE(csv.at(2).first(), last.toString());
    QApplication::setActiveWindow(window.get());
    QVERIFY(QTest::qWaitForWindowActive(window.get()));
    users->setFocus();
    QTRY_VERIFY(users->hasFocus());

    // Ctrl+Home: the first user.
    QTest::keyClick(users, Qt::Key_Home, Qt::ControlModifier);
    QCOMPARE(model->windowStart(), qint64(0));
    QCOMPARE(users->currentIndex().row(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(currentUser(users), keyAt(db, 0), Timeout);

    // PageDown past the window's edge goes on with the users that follow, a page at a time.
    QTest::keyClick(users, Qt::Key_Down);
    QTest::keyClick(users, Qt::Key_Up);
    qint64 position = 0;
    qint64 step = -1;
    for (int press = 0; press < 400 && model->windowStart() == 0; ++press) {
        QTest::keyClick(users, Qt::Key_PageDown);
        const qint64 now = model->windowStart() + users->currentIndex().row();
        QVERIFY(now > position);
        if (model->windowStart() > 0) {
            // The first page in the moved window: as long as the pages before, and the user the database
            // has there.
            QCOMPARE(now - position, step);
            QTRY_COMPARE_WITH_TIMEOUT(currentUser(users), keyAt(db, now), Timeout);
            QTRY_COMPARE_WITH_TIMEOUT(selectedUser(users), keyAt(db, now), Timeout);
        }
        step = now - position;
        position = now;
    }
    QVERIFY(model->windowStart() > 0);
    QCOMPARE(label->text(),
             shownRows(model->windowStart() + 1, model->windowStart() + users->model()->rowCount(), Users));
    // On to the first user the first window did not hold.
    while (position < Window) {
        QTest::keyClick(users, Qt::Key_PageDown);
        position = model->windowStart() + users->currentIndex().row();
    }
    const QVariant chosen = keyAt(db, position);
    QTRY_COMPARE_WITH_TIMEOUT(selectedUser(users), chosen, Timeout);

    // The scroll bar's top moves the window back, without the chosen user; its end brings them back, still
    // the current and the selected user.
    QScrollBar *scrollBar = users->verticalScrollBar();
    QTest::keyClick(scrollBar, Qt::Key_Home);
    QTRY_COMPARE_WITH_TIMEOUT(model->windowStart(), qint64(0), Timeout);
    QVERIFY(!users->currentIndex().isValid());
    QVERIFY(users->selectionModel()->selectedRows().isEmpty());
    QTest::keyClick(scrollBar, Qt::Key_End);
    QTRY_VERIFY_WITH_TIMEOUT(model->windowStart() > 0, Timeout);
    QCOMPARE(users->currentIndex().row(), int(position - model->windowStart()));
    QTRY_COMPARE_WITH_TIMEOUT(currentUser(users), chosen, Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(selectedUser(users), chosen, Timeout);
    QTest::keySequence(users, QKeySequence(QStringLiteral("Ctrl+N")));
    QTRY_COMPARE_WITH_TIMEOUT(
        countsText(*window),
        QStringLiteral("%1 users · %2 without profile").arg(total, QLocale().toString(Users - 2)), Timeout);
    QCOMPARE(profilesOf(db, chosen), 1);
    QCOMPARE(db.queryValue(QStringLiteral("SELECT count(*) FROM account_profile")).toInt(), 2);

    // Show owner of a profile whose user the window does not hold moves the window to them.
    QTest::keyClick(users, Qt::Key_Home, Qt::ControlModifier);
    QCOMPARE(model->windowStart(), qint64(0));
    QTableView *profiles = profilesView(*window);
    const auto *profilesModel = qobject_cast<const ProfilesModel *>(profiles->model());
    QVERIFY(profilesModel);
    QTRY_COMPARE_WITH_TIMEOUT(profilesModel->rowCount(), 2, Timeout);
    profiles->setFocus();
    QTest::keyClick(profiles, Qt::Key_Home, Qt::ControlModifier);
    QTRY_VERIFY_WITH_TIMEOUT(profiles->currentIndex().isValid(), Timeout);
    const QVariant owner =
        profilesModel->index(profiles->currentIndex().row(), profilesModel->linkColumn()).data();
    QVERIFY(owner == last || owner == chosen);
    QTest::keySequence(profiles, QKeySequence(QStringLiteral("Ctrl+Shift+U")));
    QTRY_COMPARE_WITH_TIMEOUT(selectedUser(users), owner, Timeout);
    QVERIFY(model->windowStart() > 0);
    QCOMPARE(currentUser(users), owner);
}

void TestUsersWindow::ctrlEndBeforeTheCountGoesToTheEstimatedEnd()
{
    PA_TEST_DATABASE(db, QStringLiteral("postgres"), QStringLiteral("classic"),
                     QStringLiteral("guiearlyend"));
    QString error;
    QVERIFY2(db.migrate(&error) && db.seed(Users, 0, &error), qPrintable(error));
    // The catalog estimates more users than there are, as after deletions its last ANALYZE has not seen.
    const qint64 estimate = Users * 4 / 3;
    QVERIFY2(HeldUserCounts::setEstimate(db, estimate, &error), qPrintable(error));
    WindowWhileCounting counting(db);
    QVERIFY2(counting.model, qPrintable(counting.problem()));
    const std::unique_ptr<MainWindow> &window = counting.window;
    UsersModel *model = counting.model;
    QTableView *users = counting.users;

    // Ctrl+End while the count waits: the last user, read backwards from the end, at the estimated position.
    users->setFocus();
    QTest::keyClick(users, Qt::Key_End, Qt::ControlModifier);
    const QVariant last = keyAt(db, Users - 1);
    QTRY_COMPARE_WITH_TIMEOUT(currentUser(users), last, Timeout);
    QCOMPARE(users->currentIndex().row(), users->model()->rowCount() - 1);
    QVERIFY(model->isPositionEstimated());
    QCOMPARE(model->windowStart() + users->model()->rowCount(), estimate);
    auto *label = named<QLabel>(window.get(), QStringLiteral("Shown rows"));
    QVERIFY(label);
    const QLocale locale;
    QCOMPARE(label->text(), QStringLiteral("rows about %1–%2, counting…")
                                .arg(locale.toString(model->windowStart() + 1), locale.toString(estimate)));
    QCOMPARE(countsText(*window), QStringLiteral("Counting users…"));

    // The count arrives: the same user, now at the counted position.
    QVERIFY(counting.held.release());
    const QString total = locale.toString(Users);
    QTRY_COMPARE_WITH_TIMEOUT(countsText(*window), QStringLiteral("%1 users · %1 without profile").arg(total),
                              Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(label->text(), shownRows(model->windowStart() + 1, Users, Users), Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(currentUser(users), last, Timeout);
    QCOMPARE(users->currentIndex().row(), users->model()->rowCount() - 1);
    QCOMPARE(model->windowStart() + users->model()->rowCount(), qint64(Users));
    // The rows above are the users before, as the database orders them.
    QTest::keyClick(users, Qt::Key_Up);
    QTRY_COMPARE_WITH_TIMEOUT(currentUser(users), keyAt(db, Users - 2), Timeout);
}

void TestUsersWindow::ctrlEndBeforeTheCountWaitsForIt()
{
    PA_TEST_DATABASE(db, QStringLiteral("postgres"), QStringLiteral("classic"), QStringLiteral("guilateend"));
    QString error;
    QVERIFY2(db.migrate(&error) && db.seed(Users, Users / 2, &error), qPrintable(error));
    WindowWhileCounting counting(db);
    QVERIFY2(counting.model, qPrintable(counting.problem()));
    const std::unique_ptr<MainWindow> &window = counting.window;
    UsersModel *model = counting.model;
    QTableView *users = counting.users;

    // Only users without profile: the server keeps no estimate of how many there are.
    auto *onlyMissing = named<QCheckBox>(window.get(), QStringLiteral("Show only users without profile"));
    QVERIFY(onlyMissing);
    onlyMissing->setFocus();
    QTest::keyClick(onlyMissing, Qt::Key_Space);
    QVERIFY(onlyMissing->isChecked());
    QTRY_VERIFY_WITH_TIMEOUT(users->model()->rowCount() > 0 &&
                                 users->model()->index(0, 0).data(UsersModel::UserKeyRole).isValid(),
                             Timeout);
    users->setFocus();
    QTest::keyClick(users, Qt::Key_End, Qt::ControlModifier);
    QVERIFY(!model->isTotalKnown());
    QVERIFY(!model->isPositionEstimated());
    QVERIFY(users->model()->rowCount() < Users / 2);

    // The count arrives, and the cursor goes on to the last user without a profile.
    const QVariant last =
        db.queryValue(QStringLiteral("SELECT max(id) FROM auth_user u WHERE NOT EXISTS (SELECT 1 FROM "
                                     "account_profile p WHERE p.user_id = u.id)"));
    QVERIFY(counting.held.release());
    QTRY_COMPARE_WITH_TIMEOUT(currentUser(users), last, Timeout);
    QCOMPARE(users->currentIndex().row(), users->model()->rowCount() - 1);
    QCOMPARE(model->windowStart() + users->model()->rowCount(), qint64(Users / 2));
}

int main(int argc, char **argv)
{
    return GuiTest::runSuite<TestUsersWindow>(argc, argv);
}

#include "tst_userswindow.moc"

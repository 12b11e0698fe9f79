// The Users search in the window, typed as a person types it: the usernames that start with the text show
// first and the status bar says the rest is being searched; then every match shows, the user selected
// meanwhile still selected, and the count of matches agrees with the database's own.
#include "GuiTest.h"
#include "MainWindow.h"
#include "TestDatabase.h"
#include "UsersModel.h"

#include <QAbstractProxyModel>
#include <QApplication>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QTableView>
#include <QTest>

using namespace GuiTest;

class TestUserSearchGui : public QObject
{
    Q_OBJECT

private slots:
    void prefixMatchesFirstThenEveryMatch_data() { TestDatabase::addEngineData(); }
    void prefixMatchesFirstThenEveryMatch();
};

void TestUserSearchGui::prefixMatchesFirstThenEveryMatch()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("searchgui"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    QVERIFY2(db.seed(40, 30, &error), qPrintable(error));
    // A user whose username does not start with the text but whose first name contains it, ahead of the
    // others in key order: the whole search moves the prefix phase's rows down by one.
    QVERIFY2(db.exec(QStringLiteral("UPDATE auth_user SET first_name = 'Xuser0001' WHERE id = 5"), &error),
             qPrintable(error));
    const auto window = openWindow(db, QStringLiteral("40 users · 10 without profile"));
    QVERIFY(window);
    QTableView *view = usersView(*window);
    const auto *proxy = qobject_cast<const QAbstractProxyModel *>(view->model());
    QVERIFY(proxy);
    auto *model = qobject_cast<UsersModel *>(proxy->sourceModel());
    QVERIFY(model);

    // When the prefix phase shows, the status bar says so, and the user picks the sixth of its rows.
    QString prefixStatus;
    QVariant pickedKey;
    connect(model, &UsersModel::searchPhaseChanged, this, [&] {
        if (!model->isShowingPrefixMatches() || pickedKey.isValid())
            return;
        prefixStatus = countsText(*window);
        view->setFocus(Qt::OtherFocusReason);
        QTest::keyClick(view, Qt::Key_Home, Qt::ControlModifier);
        for (int row = 0; row < 5; ++row)
            QTest::keyClick(view, Qt::Key_Down);
        pickedKey = view->currentIndex().data(UsersModel::UserKeyRole);
    });

    auto *search = named<QLineEdit>(window.get(), QStringLiteral("Search users"));
    QVERIFY(search);
    QTest::keySequence(window.get(), QKeySequence(QStringLiteral("Ctrl+F")));
    QVERIFY(search->hasFocus());
    QTest::keyClicks(search, QStringLiteral("user0001"));
    QTest::keyClick(search, Qt::Key_Return);

    const QString expected =
        QString::number(db.queryValue(QStringLiteral("SELECT count(*) FROM auth_user WHERE lower(username) "
                                                     "LIKE '%user0001%' OR lower(email) LIKE "
                                                     "'%user0001%' OR lower(first_name) LIKE '%user0001%' OR "
                                                     "lower(last_name) LIKE '%user0001%'"),
                                      &error)
                            .toLongLong());
    QCOMPARE(expected, QStringLiteral("11"));
    QTRY_COMPARE_WITH_TIMEOUT(countsText(*window),
                              QStringLiteral("%1 of 40 users match · 10 without profile").arg(expected),
                              Timeout);
    QCOMPARE(prefixStatus,
             QStringLiteral("10 users start with “user0001” · searching the rest… · 10 without profile"));
    QCOMPARE(pickedKey.toLongLong(), 15);

    // Every match, in key order; user 15 still selected, one row further down.
    QCOMPARE(view->model()->rowCount(), 11);
    const int username = columnNamed(view->model(), QStringLiteral("username"));
    QCOMPARE(view->model()->index(0, username).data().toString(), QStringLiteral("user00005"));
    for (int row = 1; row < 11; ++row)
        QCOMPARE(view->model()->index(row, username).data().toString(),
                 QStringLiteral("user%1").arg(9 + row, 5, 10, QLatin1Char('0')));
    const QModelIndexList selected = view->selectionModel()->selectedRows();
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.first().row(), 6);
    QCOMPARE(selected.first().data(UsersModel::UserKeyRole).toLongLong(), 15);
}

int main(int argc, char **argv)
{
    return runSuite<TestUserSearchGui>(argc, argv);
}

#include "tst_guiusersearch.moc"

// "Create missing profiles" in online mode, on SQLite, PostgreSQL and MariaDB: the confirmation's "Commit in
// batches (online mode)" with its batch size, replica lag and rate typed with real keys, a Cancel after the
// first batch that keeps whole batches committed, and a second run that finishes the job. And on PostgreSQL:
// while another transaction holds a profile table, the status bar says "counting…" and the window stays
// responsive, then shows the counts once the table is let go.
#include "CreateMissingDialog.h"
#include "GuiTest.h"
#include "MainWindow.h"
#include "MissingProfilesBar.h"
#include "TestDatabase.h"

#include <QAbstractButton>
#include <QAbstractSpinBox>
#include <QCheckBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QSpinBox>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStatusBar>
#include <QTableView>
#include <QTest>

using namespace GuiTest;

namespace {

qint64 count(const TestDatabase &db, const QString &sql)
{
    return db.queryValue(sql).toLongLong();
}

qint64 missingIn(const TestDatabase &db, const QString &table)
{
    return count(db, QStringLiteral("SELECT count(*) FROM auth_user u WHERE NOT EXISTS "
                                    "(SELECT 1 FROM %1 p WHERE p.user_id = u.id)")
                         .arg(table));
}

// Selects a spin box's text with Ctrl+A and types `text` over it, as a person does.
void typeInto(QAbstractSpinBox *spin, const QString &text)
{
    QTest::keyClick(spin, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(spin, text);
}

// A maintenance transaction that has rebuilt `table`'s indexes on PostgreSQL (REINDEX holds them in ACCESS
// EXCLUSIVE mode until it ends): every query on the table waits while it is planned, until release(), and the
// catalog stays readable, so the window can open on the database meanwhile.
class HeldIndexes
{
public:
    HeldIndexes(const TestDatabase &db, const QString &table)
    {
        QSqlDatabase lock = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_connection);
        lock.setDatabaseName(db.databaseName());
        lock.setHostName(QStringLiteral("127.0.0.1"));
        lock.setPort(TestDatabase::pgPort().toInt());
        lock.setUserName(QStringLiteral("postgres"));
        if (!lock.open()) {
            m_error = lock.lastError().text();
            return;
        }
        QSqlQuery hold(lock);
        if (!hold.exec(QStringLiteral("BEGIN")) || !hold.exec(QStringLiteral("REINDEX TABLE %1").arg(table)))
            m_error = hold.lastError().text();
    }
    ~HeldIndexes()
    {
        release();
        QSqlDatabase::removeDatabase(m_connection);
    }
    HeldIndexes(const HeldIndexes &) = delete;
    HeldIndexes &operator=(const HeldIndexes &) = delete;

    QString error() const { return m_error; }
    bool release()
    {
        QSqlDatabase lock = QSqlDatabase::database(m_connection, false);
        if (!lock.isOpen())
            return false;
        QSqlQuery end(lock);
        const bool ok = end.exec(QStringLiteral("ROLLBACK"));
        end.finish();
        lock.close();
        return ok;
    }

private:
    const QString m_connection = QStringLiteral("held-indexes");
    QString m_error;
};

} // namespace

class TestGuiOnline : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void onlineRunKeepsWholeBatchesOnCancelAndARerunFinishes_data() { TestDatabase::addEngineData(); }
    void onlineRunKeepsWholeBatchesOnCancelAndARerunFinishes();
    void countsSayCountingWhileATableIsHeldAndTheWindowStaysResponsive();
};

void TestGuiOnline::onlineRunKeepsWholeBatchesOnCancelAndARerunFinishes()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("gui_online"));
    auto window = seedAndOpen(db, 40, 10);
    QVERIFY(window);
    const qint64 profilesBefore = count(db, QStringLiteral("SELECT count(*) FROM account_profile"));
    QCOMPARE(profilesBefore, 10);

    // Online mode from the keyboard: off by default; batches of 5 at 5 profiles a second, so that the
    // Cancel below lands while the run waits between batches.
    bool answered = false;
    onNextDialog<CreateMissingDialog>([&](CreateMissingDialog *dialog) {
        answered = true;
        auto *online = named<QCheckBox>(dialog, QStringLiteral("Commit in batches (online mode)"));
        auto *batchSize = named<QSpinBox>(dialog, QStringLiteral("Batch size"));
        auto *maxLag = named<QSpinBox>(dialog, QStringLiteral("Max replica lag"));
        auto *maxRate = named<QSpinBox>(dialog, QStringLiteral("Max rate"));
        QVERIFY(online && batchSize && maxLag && maxRate);
        QVERIFY(!online->isChecked());
        QVERIFY(!batchSize->isEnabled());
        QCOMPARE(maxLag->value(), 10);
        // A mnemonic clicks a check box the way a mouse does, once its pressed look has shown.
        QTest::keyClick(dialog, Qt::Key_H, Qt::AltModifier);
        QTRY_VERIFY_WITH_TIMEOUT(online->isChecked(), Timeout);
        QVERIFY(batchSize->isEnabled());
        QTest::keyClick(dialog, Qt::Key_Z, Qt::AltModifier);
        QVERIFY(batchSize->hasFocus());
        typeInto(batchSize, QStringLiteral("5"));
        QTest::keyClick(dialog, Qt::Key_L, Qt::AltModifier);
        QVERIFY(maxLag->hasFocus());
        typeInto(maxLag, QStringLiteral("30"));
        QTest::keyClick(dialog, Qt::Key_T, Qt::AltModifier);
        QVERIFY(maxRate->hasFocus());
        typeInto(maxRate, QStringLiteral("5"));
        QCOMPARE(batchSize->value(), 5);
        QCOMPARE(maxLag->value(), 30);
        QCOMPARE(maxRate->value(), 5);
        QTest::keyClick(maxRate, Qt::Key_Return);
    });
    click(named<QAbstractButton>(window.get(), QStringLiteral("Create missing profiles")));
    QVERIFY(answered);

    QProgressDialog *progress = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((progress = window->findChild<QProgressDialog *>()) && progress->isVisible(),
                             Timeout);
    // The first batch is committed on its own: another connection sees it while the run goes on.
    QTRY_VERIFY_WITH_TIMEOUT(count(db, QStringLiteral("SELECT count(*) FROM account_profile")) >= 15,
                             Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(progress->labelText().contains(QLatin1String("profiles/s")), Timeout);
    QVERIFY2(progress->labelText().contains(QLatin1String(" of 30 profiles in ")),
             qPrintable(progress->labelText()));
    click(named<QPushButton>(progress, QStringLiteral("Cancel")));

    QTRY_VERIFY_WITH_TIMEOUT(window->statusBar()->currentMessage().startsWith(QLatin1String("Cancelled")),
                             Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(!window->findChild<QProgressDialog *>(), Timeout);
    const qint64 committed =
        count(db, QStringLiteral("SELECT count(*) FROM account_profile")) - profilesBefore;
    QVERIFY2(committed >= 5 && committed < 30 && committed % 5 == 0, qPrintable(QString::number(committed)));
    QCOMPARE(window->statusBar()->currentMessage(),
             QStringLiteral("Cancelled: %1 profiles committed in %2 batches stay; Create missing profiles "
                            "again creates the rest.")
                 .arg(committed)
                 .arg(committed / 5));
    QTRY_COMPARE_WITH_TIMEOUT(countsText(*window),
                              QStringLiteral("40 users · %1 without profile").arg(30 - committed), Timeout);

    // A second run, in one transaction this time, creates the rest.
    onNextDialog<CreateMissingDialog>([&](CreateMissingDialog *dialog) {
        QVERIFY(!named<QCheckBox>(dialog, QStringLiteral("Commit in batches (online mode)"))->isChecked());
        click(dialog->createButton());
    });
    click(named<QAbstractButton>(window.get(), QStringLiteral("Create missing profiles")));
    QTRY_COMPARE_WITH_TIMEOUT(countsText(*window), QStringLiteral("40 users · 0 without profile"), Timeout);
    QCOMPARE(missingIn(db, QStringLiteral("account_profile")), 0);
    QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM account_profile")), 40);
    QString error;
    const QJsonObject verdict = db.verify(QString(), &error);
    QVERIFY2(verdict.value(u"ok").toBool(), TestDatabase::dump(verdict).constData());
}

void TestGuiOnline::countsSayCountingWhileATableIsHeldAndTheWindowStaysResponsive()
{
    PA_TEST_DATABASE(db, QStringLiteral("postgres"), QStringLiteral("two_profiles"),
                     QStringLiteral("gui_counting"));
    QString error;
    QVERIFY2(db.migrate(&error) && db.seed(20, 10, &error), qPrintable(error));
    const QString settings = QStringLiteral("notifications_notificationsettings");
    const qint64 missingSettings = missingIn(db, settings);

    // The second profile table is held, so the anti-joins over it cannot even start.
    HeldIndexes lock(db, settings);
    QVERIFY2(lock.error().isEmpty(), qPrintable(lock.error()));
    MainWindow window{GuiOptions()};
    window.resize(1200, 700);
    window.show();
    QApplication::setActiveWindow(&window);
    QVERIFY(QTest::qWaitForWindowActive(&window));
    window.openDatabase(DatabaseUrl::parse(db.url(), &error));
    const QString counting = QStringLiteral("20 users · counting users without account_profile… · counting "
                                            "users without %1…")
                                 .arg(settings);
    QTRY_COMPARE_WITH_TIMEOUT(countsText(window), counting, Timeout);

    // The window answers keys while the count waits: the Profiles grid (the other table) moves and searches.
    QTableView *profiles = profilesView(window);
    QTRY_COMPARE_WITH_TIMEOUT(profiles->model()->rowCount(), 10, Timeout);
    profiles->setFocus();
    profiles->setCurrentIndex(profiles->model()->index(0, 0));
    QTest::keyClick(profiles, Qt::Key_Down);
    QCOMPARE(profiles->currentIndex().row(), 1);
    QTest::keyClick(profiles, Qt::Key_End, Qt::ControlModifier);
    QCOMPARE(profiles->currentIndex().row(), 9);
    QCOMPARE(countsText(window), counting);
    QVERIFY(!named<QAbstractButton>(&window, QStringLiteral("Create missing profiles"))->isEnabled());
    // The bar above the views waits for the numbers too, rather than guess them.
    auto *bar = window.findChild<MissingProfilesBar *>();
    QVERIFY(bar);
    QVERIFY(!bar->isVisible());

    // Let go: the counts arrive and the fix-up is offered.
    QVERIFY(lock.release());
    QTRY_COMPARE_WITH_TIMEOUT(countsText(window),
                              QStringLiteral("20 users · 10 without account_profile · %1 without %2")
                                  .arg(missingSettings)
                                  .arg(settings),
                              Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(
        named<QAbstractButton>(&window, QStringLiteral("Create missing profiles"))->isEnabled(), Timeout);
    QVERIFY(bar->isVisible());
}

int main(int argc, char **argv)
{
    return GuiTest::runSuite<TestGuiOnline>(argc, argv);
}

#include "tst_guionline.moc"

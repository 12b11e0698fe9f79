// "Create missing profiles" in online mode against a real PostgreSQL primary with a streaming replica whose
// replay is paused (ReplicaPair): the progress dialog says it waits for the replicas while the database stays
// as it is, and the run finishes once replay resumes; Cancel during the wait keeps whole batches; a
// connection ended during the wait stops the run with a message worded for the window. Nothing here measures
// time: every wait is for a condition.
#include "CreateMissingDialog.h"
#include "Faults.h"
#include "GuiTest.h"
#include "MainWindow.h"
#include "MessageBox.h"
#include "ReplicaPair.h"
#include "TestDatabase.h"

#include <QAbstractButton>
#include <QAbstractSpinBox>
#include <QCheckBox>
#include <QLabel>
#include <QProgressDialog>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QStatusBar>
#include <QTest>

#include <memory>

using namespace GuiTest;

namespace {

constexpr int Users = 200;
constexpr int Batch = 20;
// Profiles per second: the run lasts well past the one second the replica may lag behind.
constexpr int Rate = 40;

// Selects a spin box's text with Ctrl+A and types `text` over it, as a person does.
void typeOver(QAbstractSpinBox *spin, const QString &text)
{
    QTest::keyClick(spin, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(spin, text);
}

qint64 profiles(const TestDatabase &db)
{
    return db.queryValue(QStringLiteral("SELECT count(*) FROM account_profile")).toLongLong();
}

// The progress dialog's message, read from the dialog found by its accessible name; empty when none shows.
QString progressMessage(MainWindow &window)
{
    auto *progress = named<QProgressDialog>(&window, QStringLiteral("Progress"));
    const QLabel *label = progress ? progress->findChild<QLabel *>() : nullptr;
    return label ? label->text() : QString();
}

} // namespace

// One run of "Create missing profiles" in online mode, waiting for the paused replica.
struct WaitingRun
{
    TestDatabase db;
    QString snapshot;
    std::unique_ptr<PausedReplay> paused;
    std::unique_ptr<MainWindow> window;
};

class TestGuiReplicas : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { m_pair = ReplicaPair::startForSuite(); }
    void cleanupTestCase() { m_pair.reset(); }
    void waitsForALaggingReplicaThenFinishes();
    void cancelWhileWaitingKeepsWholeBatches();
    void lostConnectionSaysHowToFinishInTheWindow();

private:
    // A classic Django database on the primary with `Users` users and no profile, which the replica has
    // before its replay is paused; a window open on it. There the person opens "Create missing profiles",
    // turns online mode on, types the batch size, a lag of one second and a rate with real keys and confirms
    // with Return; true once the progress says the run waits for the replicas.
    bool startWaitingRun(const QString &tag, WaitingRun *run);
    // Lets replay go on, and creates the rest with Create missing profiles in one transaction.
    void finishInOneRun(WaitingRun &run);

    std::unique_ptr<ReplicaPair> m_pair;
};

bool TestGuiReplicas::startWaitingRun(const QString &tag, WaitingRun *run)
{
    run->db = m_pair->create(QStringLiteral("classic"), tag);
    QString error;
    if (!run->db.isValid() || !run->db.migrate(&error) || !Faults::addUsers(run->db, Users, &error)) {
        QTest::qFail(qPrintable(run->db.isValid() ? error : run->db.errorString()), __FILE__, __LINE__);
        return false;
    }
    run->snapshot = run->db.saveSnapshot(&error);
    if (run->snapshot.isEmpty() ||
        !m_pair->waitOnReplica(run->db.databaseName(), QStringLiteral("SELECT count(*) FROM auth_user"),
                               Users) ||
        !(run->paused = std::make_unique<PausedReplay>(*m_pair))->pause(&error)) {
        QTest::qFail(qPrintable(QStringLiteral("the replica is not ready: %1").arg(error)), __FILE__,
                     __LINE__);
        return false;
    }
    run->window = openWindow(run->db, QStringLiteral("%1 users · %1 without profile").arg(Users));
    if (!run->window)
        return false;

    bool answered = false;
    onNextDialog<CreateMissingDialog>([&](CreateMissingDialog *dialog) {
        auto *online = named<QCheckBox>(dialog, QStringLiteral("Commit in batches (online mode)"));
        auto *batchSize = named<QSpinBox>(dialog, QStringLiteral("Batch size"));
        auto *maxLag = named<QSpinBox>(dialog, QStringLiteral("Max replica lag"));
        auto *maxRate = named<QSpinBox>(dialog, QStringLiteral("Max rate"));
        QVERIFY(online && batchSize && maxLag && maxRate);
        QTest::keyClick(dialog, Qt::Key_H, Qt::AltModifier);
        QTRY_VERIFY_WITH_TIMEOUT(online->isChecked(), Timeout);
        QTest::keyClick(dialog, Qt::Key_Z, Qt::AltModifier);
        QVERIFY(batchSize->hasFocus());
        typeOver(batchSize, QString::number(Batch));
        QTest::keyClick(dialog, Qt::Key_L, Qt::AltModifier);
        QVERIFY(maxLag->hasFocus());
        typeOver(maxLag, QStringLiteral("1"));
        // The rate keeps the run going past the second the replica may lag, so it must wait.
        QTest::keyClick(dialog, Qt::Key_T, Qt::AltModifier);
        QVERIFY(maxRate->hasFocus());
        typeOver(maxRate, QString::number(Rate));
        QCOMPARE(batchSize->value(), Batch);
        QCOMPARE(maxLag->value(), 1);
        QCOMPARE(maxRate->value(), Rate);
        QTest::keyClick(maxRate, Qt::Key_Return);
        answered = true;
    });
    click(named<QAbstractButton>(run->window.get(), QStringLiteral("Create missing profiles")));
    if (!answered)
        return false;
    static const QRegularExpression waiting(
        QStringLiteral("Waiting for replicas \\(lag \\d+(\\.\\d)? s\\)…"));
    if (!QTest::qWaitFor([&] { return waiting.match(progressMessage(*run->window)).hasMatch(); }, Timeout)) {
        QTest::qFail(
            qPrintable(QStringLiteral("the progress read \"%1\"").arg(progressMessage(*run->window))),
            __FILE__, __LINE__);
        return false;
    }
    return true;
}

void TestGuiReplicas::waitsForALaggingReplicaThenFinishes()
{
    WaitingRun run;
    QVERIFY(startWaitingRun(QStringLiteral("gui_paused"), &run));
    // While it waits nothing more is written: the count stays put across several looks.
    const qint64 held = profiles(run.db);
    QVERIFY2(held > 0 && held < Users && held % Batch == 0, qPrintable(QString::number(held)));
    for (int look = 0; look < 5; ++look) {
        QTest::qWait(300);
        QCOMPARE(profiles(run.db), held);
    }
    QVERIFY(named<QProgressDialog>(run.window.get(), QStringLiteral("Progress")));

    QString error;
    QVERIFY2(run.paused->resume(&error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(
        run.window->statusBar()->currentMessage().startsWith(
            QStringLiteral("Created %1 profiles in %2 committed batches in ").arg(Users).arg(Users / Batch)),
        Timeout * 4);
    QTRY_VERIFY_WITH_TIMEOUT(!run.window->findChild<QProgressDialog *>(), Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(countsText(*run.window),
                              QStringLiteral("%1 users · 0 without profile").arg(Users), Timeout);
    QCOMPARE(profiles(run.db), Users);
    const QJsonObject verdict = run.db.verify(run.snapshot, &error);
    QVERIFY2(verdict.value(u"ok").toBool(), TestDatabase::dump(verdict).constData());
    QCOMPARE(verdict.value(u"missing").toInt(), 0);
}

void TestGuiReplicas::cancelWhileWaitingKeepsWholeBatches()
{
    WaitingRun run;
    QVERIFY(startWaitingRun(QStringLiteral("gui_cancel"), &run));
    auto *progress = named<QProgressDialog>(run.window.get(), QStringLiteral("Progress"));
    QVERIFY(progress);
    click(named<QPushButton>(progress, QStringLiteral("Cancel")));
    QTRY_VERIFY_WITH_TIMEOUT(run.window->statusBar()->currentMessage().startsWith(QLatin1String("Cancelled")),
                             Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(!run.window->findChild<QProgressDialog *>(), Timeout);
    const qint64 kept = profiles(run.db);
    QVERIFY2(kept > 0 && kept < Users && kept % Batch == 0, qPrintable(QString::number(kept)));
    QCOMPARE(run.window->statusBar()->currentMessage(),
             QStringLiteral("Cancelled: %1 profiles committed in %2 batches stay; Create missing profiles "
                            "again creates the rest.")
                 .arg(kept)
                 .arg(kept / Batch));
    QTRY_COMPARE_WITH_TIMEOUT(countsText(*run.window),
                              QStringLiteral("%1 users · %2 without profile").arg(Users).arg(Users - kept),
                              Timeout);
    finishInOneRun(run);
}

void TestGuiReplicas::lostConnectionSaysHowToFinishInTheWindow()
{
    WaitingRun run;
    QVERIFY(startWaitingRun(QStringLiteral("gui_lost"), &run));
    // End the run's own connection as an administrator (or a failover) would: while it waits, it is the one
    // that asks for the replicas' replay positions.
    MessageBox::setNextAnswer(QMessageBox::Ok);
    const QString terminate =
        QStringLiteral(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '%1' AND "
            "application_name = 'profile-admin' AND query LIKE '%pg_stat_replication%' AND "
            "pid <> pg_backend_pid()")
            .arg(run.db.databaseName());
    QCOMPARE(run.db.queryValue(terminate).toInt(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(MessageBox::lastText().contains(QLatin1String("to create the rest")), Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(!run.window->findChild<QProgressDialog *>(), Timeout);
    const qint64 kept = profiles(run.db);
    QVERIFY2(kept > 0 && kept < Users && kept % Batch == 0, qPrintable(QString::number(kept)));
    // Worded for the window: what was kept, and the way to finish here, not the command line's.
    const QString message = MessageBox::lastText();
    QVERIFY2(
        message.endsWith(QStringLiteral(" %1 profiles committed in %2 earlier batches stay; Create missing "
                                        "profiles again to create the rest.")
                             .arg(kept)
                             .arg(kept / Batch)),
        qPrintable(message));
    QVERIFY2(!message.contains(QLatin1String("fix")) && !message.contains(QLatin1String("command")),
             qPrintable(message));

    // As the message says: Create missing profiles again creates the rest.
    finishInOneRun(run);
}

void TestGuiReplicas::finishInOneRun(WaitingRun &run)
{
    QString error;
    QVERIFY2(run.paused->resume(&error), qPrintable(error));
    onNextDialog<CreateMissingDialog>([](CreateMissingDialog *dialog) { click(dialog->createButton()); });
    click(named<QAbstractButton>(run.window.get(), QStringLiteral("Create missing profiles")));
    QTRY_COMPARE_WITH_TIMEOUT(countsText(*run.window),
                              QStringLiteral("%1 users · 0 without profile").arg(Users), Timeout);
    QCOMPARE(profiles(run.db), Users);
    const QJsonObject verdict = run.db.verify(run.snapshot, &error);
    QVERIFY2(verdict.value(u"ok").toBool(), TestDatabase::dump(verdict).constData());
}

int main(int argc, char **argv)
{
    return GuiTest::runSuite<TestGuiReplicas>(argc, argv);
}

#include "tst_guireplicas.moc"

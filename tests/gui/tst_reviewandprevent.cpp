// Two dialogs for the administrator's colleagues: "Save as SQL…" in the create confirmation writes the
// transaction `fix --sql` writes (run here with the engine's own client), and "Keep it fixed" in the Help
// menu, reached by keyboard, shows the code `snippet` prints and copies it.
#include "CliRun.h"
#include "CreateMissingDialog.h"
#include "FileDialog.h"
#include "GuiTest.h"
#include "KeepItFixedDialog.h"
#include "MainWindow.h"
#include "SqlClient.h"
#include "TestDatabase.h"

#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QMenu>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

using namespace GuiTest;

namespace {

// The statements of a script, without its comments (which name the database and the time).
QStringList statementsOf(const QString &script)
{
    QStringList lines;
    for (const QString &line : script.split(QLatin1Char('\n'))) {
        if (!line.startsWith(QLatin1String("--")))
            lines << line;
    }
    return lines;
}

} // namespace

class TestReviewAndPrevent : public QObject
{
    Q_OBJECT

private slots:
    void saveAsSqlWritesWhatFixWrites_data() { TestDatabase::addEngineData(); }
    void saveAsSqlWritesWhatFixWrites();
    void keepItFixedCopiesTheSnippet();
};

void TestReviewAndPrevent::saveAsSqlWritesWhatFixWrites()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("gui_sql"));
    auto window = seedAndOpen(db, 12, 5);
    QVERIFY(window);

    QTemporaryDir dir;
    const QString script = dir.filePath(QStringLiteral("create.sql"));
    bool answered = false;
    onNextDialog<CreateMissingDialog>([&](CreateMissingDialog *dialog) {
        answered = true;
        FileDialog::setNextFileName(script);
        click(named<QPushButton>(dialog, QStringLiteral("Save as SQL\u2026")));
        // Saving runs nothing and leaves the choice to create open.
        QVERIFY(dialog->isVisible());
        dialog->reject();
    });
    click(named<QAbstractButton>(window.get(), QStringLiteral("Create missing profiles")));
    QVERIFY(answered);
    QCOMPARE(db.queryValue(QStringLiteral("SELECT count(*) FROM account_profile")).toInt(), 5);

    QFile file(script);
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(script));
    const QString saved = QString::fromUtf8(file.readAll());
    const CliRun::Result cli =
        CliRun::run({QStringLiteral("fix"), db.url(), QStringLiteral("--sql"), QStringLiteral("-")});
    QVERIFY2(cli.exitCode == 0, cli.describe());
    QCOMPARE(statementsOf(saved), statementsOf(QString::fromUtf8(cli.out)));

    QString output;
    QVERIFY2(runWithClient(db, script, &output), qPrintable(output));
    const QJsonObject verdict = db.verify();
    QVERIFY2(verdict.value(u"ok").toBool(), TestDatabase::dump(verdict).constData());
    QCOMPARE(verdict.value(u"profiles").toInt(), 12);
}

void TestReviewAndPrevent::keepItFixedCopiesTheSnippet()
{
    PA_TEST_DATABASE(db, QStringLiteral("sqlite"), QStringLiteral("two_profiles"),
                     QStringLiteral("gui_keep"));
    QString error;
    QVERIFY2(db.migrate(&error) && db.seed(6, 3, &error), qPrintable(error));
    // Two profile tables: the status bar counts each.
    const int noSettings =
        db.queryValue(QStringLiteral("SELECT COUNT(*) FROM auth_user u WHERE NOT EXISTS (SELECT 1 FROM "
                                     "notifications_notificationsettings n WHERE n.user_id = u.id)"))
            .toInt();
    auto window = openWindow(
        db,
        QStringLiteral("6 users · 3 without account_profile · %1 without notifications_notificationsettings")
            .arg(noSettings));
    QVERIFY(window);
    QGuiApplication::clipboard()->clear();

    QString shown;
    bool answered = false;
    onNextDialog<KeepItFixedDialog>([&](KeepItFixedDialog *dialog) {
        answered = true;
        auto *code = named<QPlainTextEdit>(dialog, QStringLiteral("Django code"));
        QVERIFY(code);
        shown = code->toPlainText();
        // Copy has the keyboard when the dialog opens: Return presses it.
        QCOMPARE(QApplication::focusWidget(), named<QPushButton>(dialog, QStringLiteral("Copy")));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
        QCOMPARE(QGuiApplication::clipboard()->text(), shown);
        click(named<QPushButton>(dialog, QStringLiteral("Close")));
    });
    // Alt+H opens the Help menu; F is "Keep it fixed…".
    QTest::keyClick(window.get(), Qt::Key_H, Qt::AltModifier);
    QTRY_VERIFY_WITH_TIMEOUT(qobject_cast<QMenu *>(QApplication::activePopupWidget()), Timeout);
    QTest::keyClick(QApplication::activePopupWidget(), Qt::Key_F);
    QTRY_VERIFY_WITH_TIMEOUT(answered, Timeout);

    const CliRun::Result cli = CliRun::run({QStringLiteral("snippet"), db.url()});
    QVERIFY2(cli.exitCode == 0, cli.describe());
    QCOMPARE(shown, QString::fromUtf8(cli.out));
    QVERIFY(shown.contains(QLatin1String("apps.get_model('notifications', 'notificationsettings')")));
}

int main(int argc, char **argv)
{
    return GuiTest::runSuite<TestReviewAndPrevent>(argc, argv);
}

#include "tst_reviewandprevent.moc"

// Django-aware mode in the window: "Open Django project…" reached from the keyboard opens the test site's own
// database from its manage.py, and "Create missing profiles" with "Create through Django" checked creates
// them through the site's ORM; the database is judged by Django afterwards.
#include "CreateMissingDialog.h"
#include "FileDialog.h"
#include "GuiTest.h"
#include "MainWindow.h"
#include "TestDatabase.h"

#include <QAbstractButton>
#include <QAction>
#include <QCheckBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStatusBar>
#include <QTest>

using namespace GuiTest;

namespace {

QString python()
{
    const QString custom = qEnvironmentVariable("PA_TEST_PYTHON");
    return custom.isEmpty() ? QStringLiteral("/usr/bin/python3") : custom;
}

// The test site reads its settings from these; the project's Python inherits them.
void pointSiteAt(const TestDatabase &db)
{
    qputenv("PA_VARIANT", db.variant().toUtf8());
    qputenv("PA_DB_ENGINE", db.engine().toUtf8());
    qputenv("PA_DB_NAME", db.databaseName().toUtf8());
    // (The MariaDB site reads the same variables.)
    qputenv("PA_PG_HOST", "127.0.0.1");
    qputenv("PA_PG_PORT", (db.isMariadb() ? TestDatabase::mariadbPort() : TestDatabase::pgPort()).toUtf8());
    qputenv("PA_PG_USER", db.isMariadb() ? "root" : "postgres");
    qputenv("PYTHONDONTWRITEBYTECODE", "1");
}

} // namespace

class TestGuiDjango : public QObject
{
    Q_OBJECT

private slots:
    void openProjectAndCreateThroughDjango_data() { TestDatabase::addEngineData(); }
    void openProjectAndCreateThroughDjango();
};

void TestGuiDjango::openProjectAndCreateThroughDjango()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("two_profiles"), QStringLiteral("guidj"));
    QString error;
    QVERIFY2(db.migrate(&error) && db.seed(20, 10, &error), qPrintable(error));
    pointSiteAt(db);

    GuiOptions options;
    options.python = python();
    MainWindow window(options);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    auto *open = window.findChild<QAction *>(QStringLiteral("actionOpenDjangoProject"));
    QVERIFY(open);
    QCOMPARE(open->text().remove(QLatin1Char('&')), QStringLiteral("Open Django project…"));

    FileDialog::setNextFileName(TestDatabase::sourceDir() + QStringLiteral("/tests/django_site/manage.py"));
    QTest::keyClick(&window, Qt::Key_D, Qt::ControlModifier | Qt::ShiftModifier);
    // The test site has two profile tables; the project's models cover both.
    const QString noSettingsSql =
        QStringLiteral("SELECT COUNT(*) FROM auth_user u WHERE NOT EXISTS (SELECT 1 FROM "
                       "notifications_notificationsettings n WHERE n.user_id = u.id)");
    const int noSettings = db.queryValue(noSettingsSql).toInt();
    QVERIFY(noSettings > 0);
    QTRY_COMPARE_WITH_TIMEOUT(
        countsText(window),
        QStringLiteral(
            "20 users · 10 without account_profile · %1 without notifications_notificationsettings")
            .arg(noSettings),
        Timeout);

    bool answered = false;
    onNextDialog<CreateMissingDialog>([&](CreateMissingDialog *dialog) {
        answered = true;
        auto *viaDjango = named<QCheckBox>(dialog, QStringLiteral("Create through Django"));
        QVERIFY(viaDjango);
        QVERIFY(!viaDjango->isChecked());
        viaDjango->setFocus();
        QTest::keyClick(viaDjango, Qt::Key_Space);
        QVERIFY(viaDjango->isChecked());
        auto *sql = named<QPlainTextEdit>(dialog, QStringLiteral("SQL preview"));
        QVERIFY(sql);
        QVERIFY2(sql->toPlainText().contains(QStringLiteral("account.Profile(user=…).save()")),
                 qPrintable(sql->toPlainText()));
        click(named<QPushButton>(dialog, QStringLiteral("Create %1 profiles").arg(10 + noSettings)));
    });
    click(named<QAbstractButton>(&window, QStringLiteral("Create missing profiles")));
    QVERIFY(answered);

    QTRY_COMPARE_WITH_TIMEOUT(
        countsText(window),
        QStringLiteral("20 users · 0 without account_profile · 0 without notifications_notificationsettings"),
        Timeout);
    QVERIFY2(window.statusBar()->currentMessage().startsWith(
                 QStringLiteral("Created %1 profiles").arg(10 + noSettings)),
             qPrintable(window.statusBar()->currentMessage()));
    // What each table got, as the site's ORM reported it.
    QVERIFY2(window.statusBar()->currentMessage().contains(
                 QStringLiteral("(10 in account_profile, %1 in notifications_notificationsettings)")
                     .arg(noSettings)),
             qPrintable(window.statusBar()->currentMessage()));
    const QJsonObject verdict = db.verify();
    QCOMPARE(verdict.value(u"missing").toInt(), 0);
    QCOMPARE(verdict.value(u"invalid_count").toInt(), 0);
    QCOMPARE(verdict.value(u"profiles").toInt(), 20);
    QCOMPARE(db.queryValue(noSettingsSql).toInt(), 0);
}

int main(int argc, char **argv)
{
    return runSuite<TestGuiDjango>(argc, argv);
}
#include "tst_guidjango.moc"

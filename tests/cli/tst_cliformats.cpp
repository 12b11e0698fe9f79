// What the commands print, without a database: metrics in node_exporter's text format with escaped labels,
// the one-line usage error with its hint, and the exit status section of --help.
#include "Command.h"
#include "PrometheusMetrics.h"

#include <QTest>

class TestCliFormats : public QObject
{
    Q_OBJECT

private slots:
    void labelValuesAreEscaped_data();
    void labelValuesAreEscaped();
    void countedMetricsHaveTypesBeforeSamples();
    void failedCheckReportsOnlyItsOwnMetrics();
    void usageErrorNamesCommandAndHint_data();
    void usageErrorNamesCommandAndHint();
    void exitStatusListsTheCodesOfTheCommand();
};

void TestCliFormats::labelValuesAreEscaped_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("escaped");
    QTest::newRow("plain") << QStringLiteral("account_profile") << QStringLiteral("account_profile");
    QTest::newRow("quote") << QStringLiteral("a\"b") << QStringLiteral("a\\\"b");
    QTest::newRow("backslash") << QStringLiteral("a\\b") << QStringLiteral("a\\\\b");
    QTest::newRow("line feed") << QStringLiteral("a\nb") << QStringLiteral("a\\nb");
    QTest::newRow("all, in order") << QStringLiteral("\\\"\n") << QStringLiteral("\\\\\\\"\\n");
    QTest::newRow("unicode stays") << QStringLiteral("caf\u00e9") << QStringLiteral("caf\u00e9");
}

void TestCliFormats::labelValuesAreEscaped()
{
    QFETCH(QString, value);
    QFETCH(QString, escaped);
    QCOMPARE(PrometheusMetrics::escapeLabel(value), escaped);
}

void TestCliFormats::countedMetricsHaveTypesBeforeSamples()
{
    const QString text = PrometheusMetrics::counted(
        120, {{QStringLiteral("account_profile"), 3}, {QStringLiteral("odd\"one"), 0}}, 0.25, 1700000000);
    QVERIFY(text.endsWith(QLatin1Char('\n')));
    QStringList typed;
    QStringList samples;
    for (const QString &line : text.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        if (line.startsWith(QLatin1String("# TYPE "))) {
            QVERIFY2(line.endsWith(QLatin1String(" gauge")), qPrintable(line));
            typed << line.section(QLatin1Char(' '), 2, 2);
        } else if (!line.startsWith(QLatin1String("# HELP "))) {
            const QString name = line.section(QLatin1Char(' '), 0, 0).section(QLatin1Char('{'), 0, 0);
            QVERIFY2(typed.contains(name), qPrintable(line));
            samples << line;
        }
    }
    QCOMPARE(samples,
             (QStringList{
                 QStringLiteral("profile_admin_users 120"),
                 QStringLiteral("profile_admin_users_missing_profile{profile_table=\"account_profile\"} 3"),
                 QStringLiteral("profile_admin_users_missing_profile{profile_table=\"odd\\\"one\"} 0"),
                 QStringLiteral("profile_admin_check_duration_seconds 0.250000"),
                 QStringLiteral("profile_admin_check_timestamp_seconds 1700000000"),
                 QStringLiteral("profile_admin_check_success 1")}));
}

void TestCliFormats::failedCheckReportsOnlyItsOwnMetrics()
{
    const QString text = PrometheusMetrics::failed(0.5, 1700000000);
    QVERIFY(text.contains(QLatin1String("\nprofile_admin_check_success 0\n")));
    QVERIFY(!text.contains(QLatin1String("profile_admin_users")));
}

void TestCliFormats::usageErrorNamesCommandAndHint_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("parserError");
    QTest::addColumn<QString>("line");
    QTest::newRow("command")
        << QStringLiteral("fix") << QStringLiteral("Unknown option 'bogus'.")
        << QStringLiteral("profile-admin fix: unknown option 'bogus'. Try 'profile-admin fix --help'.");
    QTest::newRow("program")
        << QString() << QStringLiteral("Missing value after '--set'.")
        << QStringLiteral("profile-admin: missing value after '--set'. Try 'profile-admin --help'.");
    QTest::newRow("no period") << QStringLiteral("check")
                               << QStringLiteral("give --json or --format prometheus")
                               << QStringLiteral(
                                      "profile-admin check: give --json or --format prometheus. Try "
                                      "'profile-admin check --help'.");
}

void TestCliFormats::usageErrorNamesCommandAndHint()
{
    QFETCH(QString, command);
    QFETCH(QString, parserError);
    QFETCH(QString, line);
    QCOMPARE(Command::usageError(command, parserError), line);
}

void TestCliFormats::exitStatusListsTheCodesOfTheCommand()
{
    const QString program = Command::exitStatusHelp();
    QVERIFY(program.startsWith(QLatin1String("Exit status:\n")));
    for (const int code : {Command::Success, Command::Found, Command::Error})
        QVERIFY2(program.contains(QStringLiteral("\n  %1  ").arg(code)), qPrintable(program));
    QVERIFY(Command::exitStatusHelp(QStringLiteral("check")).contains(QLatin1String("\n  1  check")));
    for (const char *command : {"fix", "schema", "snippet"})
        QVERIFY(!Command::exitStatusHelp(QLatin1String(command)).contains(QLatin1String("\n  1  ")));
}

QTEST_APPLESS_MAIN(TestCliFormats)
#include "tst_cliformats.moc"

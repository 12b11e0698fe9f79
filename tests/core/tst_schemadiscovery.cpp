// SchemaDiscovery and FillPlan on schemas made by the real Django site, on SQLite and PostgreSQL, plus
// hand-made schemas for what Django can also produce: a renamed link, the link as primary key, quoting, other
// schemas.
#include "Connection.h"
#include "CoreTest.h"
#include "FillPlan.h"
#include "MissingProfileFixer.h"
#include "SchemaDiscovery.h"
#include "TestDatabase.h"

#include <QScopeGuard>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QUrl>

using CoreTest::urlOf;

namespace {

const ColumnFill *fillOf(const FillPlan &plan, const QString &column)
{
    for (const auto &fill : plan.columns()) {
        if (fill.column == column)
            return &fill;
    }
    return nullptr;
}

} // namespace

namespace {

DiscoveryOverrides overrides(const QString &userTable, const QStringList &profileTables,
                             const QString &linkColumn)
{
    DiscoveryOverrides result;
    result.userTable = userTable;
    result.profileTables = profileTables;
    result.linkColumn = linkColumn;
    return result;
}

QStringList linksOf(const DiscoveryResult &found)
{
    QStringList links;
    for (const ProfileSchema &schema : found.profiles)
        links << ProfileLink{schema.profileTable, schema.linkColumn}.display();
    return links;
}

} // namespace

class TestSchemaDiscovery : public QObject
{
    Q_OBJECT

private slots:
    void djangoSchemas_data() { TestDatabase::addEngineVariantData(); }
    void djangoSchemas();
    void customPlanValues_data() { TestDatabase::addEngineData(); }
    void customPlanValues();
    void setOverrides_data();
    void setOverrides();
    void everyProfileTableThenOverride_data() { TestDatabase::addEngineData(); }
    void everyProfileTableThenOverride();
    void firstByNameWhenNoneSaysProfile_data() { TestDatabase::addEngineData(); }
    void firstByNameWhenNoneSaysProfile();
    void twoProfilesSite_data() { TestDatabase::addEngineData(); }
    void twoProfilesSite();
    void profileNamePreferred_data() { TestDatabase::addEngineData(); }
    void profileNamePreferred();
    void notDjango_data() { TestDatabase::addEngineData(); }
    void notDjango();
    void noProfileTable_data() { TestDatabase::addEngineData(); }
    void noProfileTable();
    void plainForeignKeyIsNeverTheLink_data() { TestDatabase::addEngineData(); }
    void plainForeignKeyIsNeverTheLink();
    void linkAsPrimaryKey_data() { TestDatabase::addEngineData(); }
    void linkAsPrimaryKey();
    void namesThatNeedQuoting_data() { TestDatabase::addEngineData(); }
    void namesThatNeedQuoting();
    void unfillableColumnIsNamed_data() { TestDatabase::addEngineData(); }
    void unfillableColumnIsNamed();
    void badOverrides_data();
    void badOverrides();
    void catalogFailureIsTheDatabasesError_data() { TestDatabase::addEngineData(); }
    void catalogFailureIsTheDatabasesError();
};

void TestSchemaDiscovery::djangoSchemas()
{
    QFETCH(QString, engine);
    QFETCH(QString, variant);
    PA_TEST_DATABASE(db, engine, variant, QStringLiteral("discover"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    Connection connection(urlOf(db), QStringLiteral("test"));
    QVERIFY2(connection.isOpen(), qPrintable(connection.errorText()));

    const DiscoveryResult found = SchemaDiscovery(connection.database()).discover();
    QVERIFY2(found.ok(), qPrintable(found.message));
    const bool classic = variant == QLatin1String("classic");
    QCOMPARE(found.schema.userTable.display(),
             classic ? QStringLiteral("auth_user") : QStringLiteral("members_member"));
    QCOMPARE(found.schema.userKey, QStringLiteral("id"));
    QCOMPARE(found.schema.profileTable.display(),
             classic ? QStringLiteral("account_profile") : QStringLiteral("members_memberprofile"));
    QCOMPARE(found.schema.linkColumn, classic ? QStringLiteral("user_id") : QStringLiteral("owner_ref"));
    QCOMPARE(found.schema.profileKey, QStringLiteral("id"));

    const FillPlan plan = FillPlan::build(found.schema, connection.database());
    QVERIFY2(plan.isValid(), qPrintable(plan.errorText()));
    QCOMPARE(plan.columns().size(), found.schema.profileColumns.size());
    QCOMPARE(fillOf(plan, QStringLiteral("id"))->kind, ColumnFill::Kind::DatabaseDefault);
    QCOMPARE(fillOf(plan, found.schema.linkColumn)->kind, ColumnFill::Kind::Link);
    if (classic) {
        QCOMPARE(fillOf(plan, QStringLiteral("date_of_birth"))->kind, ColumnFill::Kind::Null);
        const ColumnFill *photo = fillOf(plan, QStringLiteral("photo"));
        QCOMPARE(photo->kind, ColumnFill::Kind::Value);
        QCOMPARE(photo->value, QVariant(QString()));
        QCOMPARE(photo->displayValue(), QStringLiteral("''"));
        QVERIFY(!photo->reason.isEmpty());
    }
}

void TestSchemaDiscovery::customPlanValues()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("custom"), QStringLiteral("plan"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    Connection connection(urlOf(db), QStringLiteral("test"));
    QVERIFY2(connection.isOpen(), qPrintable(connection.errorText()));
    const DiscoveryResult found = SchemaDiscovery(connection.database()).discover();
    QVERIFY2(found.ok(), qPrintable(found.message));
    const FillPlan plan = FillPlan::build(found.schema, connection.database());
    QVERIFY2(plan.isValid(), qPrintable(plan.errorText()));

    const auto expectValue = [&](const char *column, const QVariant &value) {
        const ColumnFill *fill = fillOf(plan, QLatin1String(column));
        QVERIFY2(fill, column);
        QCOMPARE(fill->kind, ColumnFill::Kind::Value);
        QCOMPARE(fill->value, value);
    };
    expectValue("bio", QString());
    expectValue("nickname", QString());
    expectValue("website", QString());
    expectValue("newsletter", false);
    expectValue("karma", 0);
    expectValue("preferences", QStringLiteral("{}"));
    QCOMPARE(fillOf(plan, QStringLiteral("preferences"))->family, ColumnFamily::Json);
    QCOMPARE(fillOf(plan, QStringLiteral("joined_at"))->kind, ColumnFill::Kind::Expression);
    QCOMPARE(fillOf(plan, QStringLiteral("birthday"))->kind, ColumnFill::Kind::Null);
    QCOMPARE(fillOf(plan, QStringLiteral("owner_ref"))->kind, ColumnFill::Kind::Link);
    QCOMPARE(fillOf(plan, QStringLiteral("nickname"))->family, ColumnFamily::Text);
    QCOMPARE(found.schema.profileColumn(QStringLiteral("nickname"))->maxLength, 40);
}

void TestSchemaDiscovery::setOverrides_data()
{
    QTest::addColumn<QString>("engine");
    QTest::addColumn<QString>("column");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("error"); // empty: accepted
    for (const char *engine : {"sqlite", "postgres"}) {
        const QString e = QLatin1String(engine);
        QTest::addRow("%s karma=12", engine) << e << "karma"
                                             << "12"
                                             << "";
        QTest::addRow("%s karma=abc", engine) << e << "karma"
                                              << "abc"
                                              << "\"karma\" is not a whole number";
        QTest::addRow("%s newsletter=yes", engine) << e << "newsletter"
                                                   << "yes"
                                                   << "";
        QTest::addRow("%s newsletter=maybe", engine) << e << "newsletter"
                                                     << "maybe"
                                                     << "\"newsletter\" is not true or false";
        QTest::addRow("%s preferences json", engine) << e << "preferences"
                                                     << "{\"theme\": \"dark\"}"
                                                     << "";
        QTest::addRow("%s preferences bad json", engine) << e << "preferences"
                                                         << "{theme"
                                                         << "not valid JSON";
        QTest::addRow("%s birthday", engine) << e << "birthday"
                                             << "1990-02-28"
                                             << "";
        QTest::addRow("%s birthday bad", engine) << e << "birthday"
                                                 << "1990-02-30"
                                                 << "\"birthday\" is not a date";
        QTest::addRow("%s nickname too long", engine)
            << e << "nickname" << QString(41, QLatin1Char('x')) << "\"nickname\" is 41 characters long";
        QTest::addRow("%s unknown column", engine) << e << "nope"
                                                   << "1"
                                                   << "has no column \"nope\"";
        QTest::addRow("%s link column", engine) << e << "owner_ref"
                                                << "1"
                                                << "cannot be set";
    }
}

void TestSchemaDiscovery::setOverrides()
{
    QFETCH(QString, engine);
    QFETCH(QString, column);
    QFETCH(QString, value);
    QFETCH(QString, error);
    PA_TEST_DATABASE(db, engine, QStringLiteral("custom"), QStringLiteral("set"));
    QString problem;
    QVERIFY2(db.migrate(&problem), qPrintable(problem));
    Connection connection(urlOf(db), QStringLiteral("test"));
    QVERIFY2(connection.isOpen(), qPrintable(connection.errorText()));
    const DiscoveryResult found = SchemaDiscovery(connection.database()).discover();
    QVERIFY2(found.ok(), qPrintable(found.message));
    const FillPlan plan = FillPlan::build(found.schema, connection.database(), {{column, value}});
    if (error.isEmpty()) {
        QVERIFY2(plan.isValid(), qPrintable(plan.errorText()));
        const ColumnFill *fill = fillOf(plan, column);
        QVERIFY(fill->overridden);
        QCOMPARE(fill->kind, ColumnFill::Kind::Value);
    } else {
        QVERIFY(!plan.isValid());
        QVERIFY2(plan.errorText().contains(error), qPrintable(plan.errorText()));
    }
}

void TestSchemaDiscovery::everyProfileTableThenOverride()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("several"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    QVERIFY2(db.exec(QStringLiteral("CREATE TABLE shop_customerprofile (id integer PRIMARY KEY, "
                                    "customer_id integer NOT NULL UNIQUE REFERENCES auth_user (id))"),
                     &error),
             qPrintable(error));
    Connection connection(urlOf(db), QStringLiteral("test"));
    QVERIFY2(connection.isOpen(), qPrintable(connection.errorText()));
    const SchemaDiscovery discovery(connection.database());

    // Two tables named like profiles: both are profile tables, never an error; the first by name is primary.
    const DiscoveryResult found = discovery.discover();
    QVERIFY2(found.ok(), qPrintable(found.message));
    QCOMPARE(linksOf(found), (QStringList{QStringLiteral("account_profile.user_id"),
                                          QStringLiteral("shop_customerprofile.customer_id")}));
    QCOMPARE(found.schema.profileTable.name, QStringLiteral("account_profile"));
    QCOMPARE(found.profiles.at(1).profileKey, QStringLiteral("id"));
    QCOMPARE(found.profiles.at(1).userTable.name, QStringLiteral("auth_user"));
    QCOMPARE(found.profiles.at(1).profileColumns.size(), 2);

    const DiscoveryResult chosen =
        discovery.discover(overrides({}, {QStringLiteral("shop_customerprofile")}, {}));
    QVERIFY2(chosen.ok(), qPrintable(chosen.message));
    QCOMPARE(chosen.profiles.size(), 1);
    QCOMPARE(chosen.schema.profileTable.name, QStringLiteral("shop_customerprofile"));
    QCOMPARE(chosen.schema.linkColumn, QStringLiteral("customer_id"));

    // Named twice, in the order given; the primary is still the one whose name says "profile" first.
    const DiscoveryResult both = discovery.discover(
        overrides({}, {QStringLiteral("shop_customerprofile"), QStringLiteral("account_profile")}, {}));
    QVERIFY2(both.ok(), qPrintable(both.message));
    QCOMPARE(linksOf(both), (QStringList{QStringLiteral("shop_customerprofile.customer_id"),
                                         QStringLiteral("account_profile.user_id")}));
    QCOMPARE(both.schema.profileTable.name, QStringLiteral("shop_customerprofile"));

    // --link-column goes with one table only.
    const DiscoveryResult linkWithTwo = discovery.discover(
        overrides({}, {QStringLiteral("shop_customerprofile"), QStringLiteral("account_profile")},
                  QStringLiteral("user_id")));
    QCOMPARE(linkWithTwo.status, DiscoveryResult::Status::BadOverride);
    QVERIFY2(linkWithTwo.message.contains(QLatin1String("--link-column")), qPrintable(linkWithTwo.message));
    const DiscoveryResult byLink = discovery.discover(overrides({}, {}, QStringLiteral("customer_id")));
    QVERIFY2(byLink.ok(), qPrintable(byLink.message));
    QCOMPARE(linksOf(byLink), QStringList{QStringLiteral("shop_customerprofile.customer_id")});
}

void TestSchemaDiscovery::firstByNameWhenNoneSaysProfile()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("firstbyname"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    QVERIFY2(db.exec(QStringList{QStringLiteral("DROP TABLE account_profile"),
                                 QStringLiteral("CREATE TABLE zz_settings (id integer PRIMARY KEY, "
                                                "user_id integer NOT NULL UNIQUE REFERENCES auth_user (id))"),
                                 QStringLiteral("CREATE TABLE aa_extras (user_id integer PRIMARY KEY "
                                                "REFERENCES auth_user (id))")},
                     &error),
             qPrintable(error));
    Connection connection(urlOf(db), QStringLiteral("test"));
    const DiscoveryResult found = SchemaDiscovery(connection.database()).discover();
    QVERIFY2(found.ok(), qPrintable(found.message));
    QCOMPARE(linksOf(found),
             (QStringList{QStringLiteral("aa_extras.user_id"), QStringLiteral("zz_settings.user_id")}));
    QCOMPARE(found.schema.profileTable.name, QStringLiteral("aa_extras"));
    QCOMPARE(found.schema.profileKey, QStringLiteral("user_id"));
}

void TestSchemaDiscovery::twoProfilesSite()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("two_profiles"), QStringLiteral("twoprofiles"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    Connection connection(urlOf(db), QStringLiteral("test"));
    const DiscoveryResult found = SchemaDiscovery(connection.database()).discover();
    QVERIFY2(found.ok(), qPrintable(found.message));
    QCOMPARE(linksOf(found), (QStringList{QStringLiteral("account_profile.user_id"),
                                          QStringLiteral("notifications_notificationsettings.user_id")}));
    QCOMPARE(found.schema.profileTable.name, QStringLiteral("account_profile"));
    // The model's Python defaults are not in the schema, so the plan falls back on the database rules.
    const ProfileSchema &settings = found.profiles.at(1);
    const FillPlan plan = FillPlan::build(settings, connection.database(), {});
    QVERIFY2(plan.isValid(), qPrintable(plan.errorText()));
    QCOMPARE(fillOf(plan, QStringLiteral("max_per_day"))->displayValue(), QStringLiteral("0"));
    QCOMPARE(fillOf(plan, QStringLiteral("user_id"))->kind, ColumnFill::Kind::Link);
}

void TestSchemaDiscovery::profileNamePreferred()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("preferred"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    QVERIFY2(db.exec(QStringLiteral("CREATE TABLE account_settings (id integer PRIMARY KEY, "
                                    "user_id integer NOT NULL UNIQUE REFERENCES auth_user (id))"),
                     &error),
             qPrintable(error));
    Connection connection(urlOf(db), QStringLiteral("test"));
    const DiscoveryResult found = SchemaDiscovery(connection.database()).discover();
    QVERIFY2(found.ok(), qPrintable(found.message));
    QCOMPARE(found.schema.profileTable.name, QStringLiteral("account_profile"));
}

void TestSchemaDiscovery::notDjango()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("notdjango"));
    QString error;
    QVERIFY2(db.exec(QStringLiteral("CREATE TABLE invoices (id integer PRIMARY KEY, total integer)"), &error),
             qPrintable(error));
    Connection connection(urlOf(db), QStringLiteral("test"));
    QVERIFY2(connection.isOpen(), qPrintable(connection.errorText()));
    const DiscoveryResult found = SchemaDiscovery(connection.database()).discover();
    QCOMPARE(found.status, DiscoveryResult::Status::NotDjango);
    QVERIFY2(found.message.contains(QLatin1String("does not look like a Django database")),
             qPrintable(found.message));
    QVERIFY2(found.message.contains(QLatin1String("--user-table")), qPrintable(found.message));
}

void TestSchemaDiscovery::noProfileTable()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("noprofile"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    QVERIFY2(db.exec(QStringLiteral("DROP TABLE account_profile"), &error), qPrintable(error));
    Connection connection(urlOf(db), QStringLiteral("test"));
    const DiscoveryResult found = SchemaDiscovery(connection.database()).discover();
    QCOMPARE(found.status, DiscoveryResult::Status::NoProfileTable);
    QVERIFY2(found.message.contains(QLatin1String("auth_user")), qPrintable(found.message));
}

void TestSchemaDiscovery::plainForeignKeyIsNeverTheLink()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("custom"), QStringLiteral("plainfk"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    Connection connection(urlOf(db), QStringLiteral("test"));
    const SchemaDiscovery discovery(connection.database());

    const DiscoveryResult forced = discovery.discover(overrides({}, {QStringLiteral("members_post")}, {}));
    QCOMPARE(forced.status, DiscoveryResult::Status::BadOverride);
    QVERIFY2(forced.message.contains(QLatin1String("plain foreign key")), qPrintable(forced.message));

    // With the real profile gone, the plain foreign key of members_post still does not become the link.
    QVERIFY2(db.exec(QStringLiteral("DROP TABLE members_memberprofile"), &error), qPrintable(error));
    const DiscoveryResult found = discovery.discover();
    QCOMPARE(found.status, DiscoveryResult::Status::NoProfileTable);
}

void TestSchemaDiscovery::linkAsPrimaryKey()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("linkpk"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    // OneToOneField(primary_key=True): the link is the profile's primary key, with no id column at all.
    QVERIFY2(db.exec(QStringList{QStringLiteral("DROP TABLE account_profile"),
                                 QStringLiteral(
                                     "CREATE TABLE account_profile (user_id integer NOT NULL PRIMARY KEY "
                                     "REFERENCES auth_user (id), bio text NOT NULL)")},
                     &error),
             qPrintable(error));
    Connection connection(urlOf(db), QStringLiteral("test"));
    const DiscoveryResult found = SchemaDiscovery(connection.database()).discover();
    QVERIFY2(found.ok(), qPrintable(found.message));
    QCOMPARE(found.schema.linkColumn, QStringLiteral("user_id"));
    QCOMPARE(found.schema.profileKey, QStringLiteral("user_id"));
    const FillPlan plan = FillPlan::build(found.schema, connection.database());
    QVERIFY2(plan.isValid(), qPrintable(plan.errorText()));
    QCOMPARE(fillOf(plan, QStringLiteral("user_id"))->kind, ColumnFill::Kind::Link);
}

void TestSchemaDiscovery::namesThatNeedQuoting()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("quoting"));
    const bool postgres = db.isPostgres();
    const QString schemaPrefix = postgres ? QStringLiteral("\"Site Data\".") : QString();
    QStringList setup;
    if (postgres)
        setup << QStringLiteral("CREATE SCHEMA \"Site Data\"");
    const QString key = postgres         ? QStringLiteral("serial")
                        : db.isMariadb() ? QStringLiteral("integer AUTO_INCREMENT")
                                         : QStringLiteral("integer");
    setup << QStringLiteral("CREATE TABLE %1\"Auth \"\"User\"\"\" (\"ID\" integer PRIMARY KEY, "
                            "password varchar(128) NOT NULL, last_login timestamp NULL, \"User.Name\" text)")
                 .arg(schemaPrefix)
          << QStringLiteral("CREATE TABLE %1\"Profile; DROP\" (\"Pk\" %2 PRIMARY KEY, \"Owner Ref\" integer "
                            "NOT NULL UNIQUE REFERENCES %1\"Auth \"\"User\"\"\" (\"ID\"), \"Nick\"\"name\" "
                            "varchar(10) NOT NULL)")
                 .arg(schemaPrefix, key);
    QString error;
    QVERIFY2(db.exec(setup, &error), qPrintable(error));
    Connection connection(urlOf(db), QStringLiteral("test"));
    const DiscoveryResult found = SchemaDiscovery(connection.database()).discover();
    QVERIFY2(found.ok(), qPrintable(found.message));
    QCOMPARE(found.schema.userTable.name, QStringLiteral("Auth \"User\""));
    QCOMPARE(found.schema.userTable.schema, postgres ? QStringLiteral("Site Data") : QString());
    QCOMPARE(found.schema.userKey, QStringLiteral("ID"));
    QCOMPARE(found.schema.profileTable.name, QStringLiteral("Profile; DROP"));
    QCOMPARE(found.schema.linkColumn, QStringLiteral("Owner Ref"));
    QCOMPARE(found.schema.profileTable.quoted(), postgres ? QStringLiteral("\"Site Data\".\"Profile; DROP\"")
                                                          : QStringLiteral("\"Profile; DROP\""));
    const FillPlan plan = FillPlan::build(found.schema, connection.database(),
                                          {{QStringLiteral("Nick\"name"), QStringLiteral("it's; --")}});
    QVERIFY2(plan.isValid(), qPrintable(plan.errorText()));

    // The fix-up runs with these names and puts the value in exactly as given.
    QVERIFY2(db.exec(QStringLiteral(
                         "INSERT INTO %1\"Auth \"\"User\"\"\" (\"ID\", password) VALUES (1, 'x'), (2, 'y')")
                         .arg(schemaPrefix),
                     &error),
             qPrintable(error));
    const MissingProfileFixer fixer(connection.database(), found.schema, plan);
    const FixResult result = fixer.createMissing();
    QVERIFY2(result.ok, qPrintable(result.errorText));
    QCOMPARE(result.created, 2);
    QCOMPARE(
        db.queryValue(
              QStringLiteral("SELECT count(*) FROM %1\"Profile; DROP\" WHERE \"Nick\"\"name\" = 'it''s; --'")
                  .arg(schemaPrefix))
            .toInt(),
        2);
}

void TestSchemaDiscovery::unfillableColumnIsNamed()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("unfillable"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    // A type Django has no empty value for (PostgreSQL inet, an unknown declared type on SQLite).
    const QString type = db.isPostgres() ? QStringLiteral("inet") : QStringLiteral("geometry");
    const QString key = db.isPostgres()  ? QStringLiteral("serial")
                        : db.isMariadb() ? QStringLiteral("integer AUTO_INCREMENT")
                                         : QStringLiteral("integer");
    QVERIFY2(
        db.exec(QStringList{QStringLiteral("DROP TABLE account_profile"),
                            QStringLiteral("CREATE TABLE account_profile (id %1 PRIMARY KEY, user_id integer "
                                           "NOT NULL UNIQUE REFERENCES auth_user (id), last_ip %2 NOT NULL)")
                                .arg(key, type)},
                &error),
        qPrintable(error));
    Connection connection(urlOf(db), QStringLiteral("test"));
    const DiscoveryResult found = SchemaDiscovery(connection.database()).discover();
    QVERIFY2(found.ok(), qPrintable(found.message));
    const FillPlan plan = FillPlan::build(found.schema, connection.database());
    QVERIFY(!plan.isValid());
    QVERIFY2(plan.errorText().contains(QLatin1String("\"last_ip\"")), qPrintable(plan.errorText()));
    QVERIFY2(plan.errorText().contains(QLatin1String("--set last_ip=")), qPrintable(plan.errorText()));

    const FillPlan withSet = FillPlan::build(found.schema, connection.database(),
                                             {{QStringLiteral("last_ip"), QStringLiteral("0.0.0.0")}});
    QVERIFY2(withSet.isValid(), qPrintable(withSet.errorText()));
}

void TestSchemaDiscovery::badOverrides_data()
{
    QTest::addColumn<QString>("engine");
    QTest::addColumn<QString>("userTable");
    QTest::addColumn<QString>("profileTable");
    QTest::addColumn<QString>("linkColumn");
    QTest::addColumn<QString>("expected");
    for (const char *engine : {"sqlite", "postgres"}) {
        const QString e = QLatin1String(engine);
        QTest::addRow("%s unknown user table", engine) << e << "people"
                                                       << ""
                                                       << ""
                                                       << "no table \"people\"";
        QTest::addRow("%s unknown profile table", engine) << e << ""
                                                          << "extras"
                                                          << ""
                                                          << "no table \"extras\"";
        QTest::addRow("%s unknown link column", engine) << e << ""
                                                        << "account_profile"
                                                        << "owner"
                                                        << "no one-to-one link named \"owner\"";
    }
}

void TestSchemaDiscovery::badOverrides()
{
    QFETCH(QString, engine);
    QFETCH(QString, userTable);
    QFETCH(QString, profileTable);
    QFETCH(QString, linkColumn);
    QFETCH(QString, expected);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("override"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    Connection connection(urlOf(db), QStringLiteral("test"));
    const DiscoveryResult found =
        SchemaDiscovery(connection.database())
            .discover(overrides(userTable, profileTable.isEmpty() ? QStringList() : QStringList{profileTable},
                                linkColumn));
    QCOMPARE(found.status, DiscoveryResult::Status::BadOverride);
    QVERIFY2(found.message.contains(expected), qPrintable(found.message));
}

// A catalog that cannot be read is reported in the database's words, never as "not a Django database": on
// PostgreSQL a role that may not read pg_constraint (the tables are found, their foreign keys are not), on
// SQLite another program holding the file's exclusive lock for the whole busy timeout after we connected.
void TestSchemaDiscovery::catalogFailureIsTheDatabasesError()
{
    QFETCH(QString, engine);
    if (engine == QLatin1String("mariadb"))
        QSKIP("information_schema answers every MariaDB user (with the rows it may see): no catalog read "
              "fails");
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("catalog"));
    QString error;
    QVERIFY2(db.migrate(&error), qPrintable(error));
    const bool postgres = db.isPostgres();
    QString url = db.url();
    const QString role = QStringLiteral("pa_catalog_%1").arg(db.databaseName().section(QLatin1Char('_'), -2));
    if (postgres) {
        // pg_constraint is a catalog of this database alone, so the revoke ends with it.
        QVERIFY2(db.exec(QStringList{QStringLiteral("DROP ROLE IF EXISTS %1").arg(role),
                                     QStringLiteral("CREATE ROLE %1 LOGIN").arg(role),
                                     QStringLiteral("REVOKE SELECT ON pg_catalog.pg_constraint FROM PUBLIC")},
                         &error),
                 qPrintable(error));
        QUrl asRole(url);
        asRole.setUserName(role);
        url = asRole.toString();
    }
    const QByteArray savedTimeout = qgetenv("PROFILE_ADMIN_BUSY_TIMEOUT_MS");
    qputenv("PROFILE_ADMIN_BUSY_TIMEOUT_MS", "200");
    const auto restoreTimeout = qScopeGuard([&] {
        if (savedTimeout.isNull())
            qunsetenv("PROFILE_ADMIN_BUSY_TIMEOUT_MS");
        else
            qputenv("PROFILE_ADMIN_BUSY_TIMEOUT_MS", savedTimeout);
    });

    DiscoveryResult found;
    {
        Connection connection(DatabaseUrl::parse(url, &error), QStringLiteral("test"));
        QVERIFY2(connection.isOpen(), qPrintable(connection.errorText()));
        if (postgres) {
            found = SchemaDiscovery(connection.database()).discover();
        } else {
            const QString holderName = QStringLiteral("catalog-lock-holder");
            {
                QSqlDatabase holder = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), holderName);
                holder.setDatabaseName(db.databaseName());
                QVERIFY2(holder.open(), qPrintable(holder.lastError().text()));
                QSqlQuery lock(holder);
                QVERIFY2(lock.exec(QStringLiteral("BEGIN EXCLUSIVE")), qPrintable(lock.lastError().text()));
                found = SchemaDiscovery(connection.database()).discover();
                lock.exec(QStringLiteral("ROLLBACK"));
            }
            QSqlDatabase::removeDatabase(holderName);
        }
    }
    if (postgres)
        QVERIFY2(db.exec(QStringLiteral("DROP ROLE %1").arg(role), &error), qPrintable(error));

    QCOMPARE(found.status, DiscoveryResult::Status::DatabaseError);
    const QString expected = postgres ? QStringLiteral("permission denied for table pg_constraint")
                                      : QStringLiteral("database is locked");
    QCOMPARE(found.message, QStringLiteral("Could not read the database's catalog: %1.").arg(expected));
    QVERIFY(found.schema.userTable.isEmpty());

    // Once the catalog can be read again, the same database is found as Django's.
    Connection again(DatabaseUrl::parse(db.url(), &error), QStringLiteral("again"));
    const DiscoveryResult later = SchemaDiscovery(again.database()).discover();
    QVERIFY2(later.ok(), qPrintable(later.message));
}

QTEST_GUILESS_MAIN(TestSchemaDiscovery)
#include "tst_schemadiscovery.moc"
